// Command swas-emulator serves a local Alibaba Cloud Simple Application
// Server (SWAS-OPEN 2020-06-01) OpenAPI endpoint for tests and offline use:
//
//	go run ./cmd/swas-emulator -fixture internal/emulator/testdata/sample-world.json
//
// It listens on 127.0.0.1 (a free port unless -port is given), prints the
// endpoint and the credentials and region to use on stdout, logs requests
// to stderr, and stops on SIGINT or SIGTERM. With -ready-file it writes the
// endpoint into that file once listening. See emulator.NewFromFixture for
// the fixture format, and package internal/emulator for the emulated
// behaviour.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "swas-emulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("swas-emulator", flag.ContinueOnError)
	flags.SetOutput(stderr)
	host := flags.String("host", "127.0.0.1", "address to listen on")
	port := flags.Int("port", 0, "port to listen on (0 picks a free one)")
	fixture := flags.String("fixture", "", "JSON `file` seeding credentials, regions, instances and invocations")
	readyFile := flags.String("ready-file", "", "`file` to write the endpoint into once listening")
	quiet := flags.Bool("quiet", false, "do not log requests")
	if err := flags.Parse(args); err != nil {
		return err
	}

	var opts emulator.Options
	if !*quiet {
		opts.Logf = log.New(stderr, "", log.LstdFlags).Printf
	}
	var s *emulator.Server
	if *fixture == "" {
		s = emulator.New(opts)
	} else {
		var err error
		if s, err = emulator.NewFromFixture(*fixture, opts); err != nil {
			return err
		}
	}
	creds := s.Credentials()
	if len(creds) == 0 {
		// Nothing to sign with otherwise; a random key keeps the endpoint
		// closed to anyone who did not read stdout.
		creds = []emulator.Credential{{AccessKeyID: "EMULATOR" + randomHex(8), AccessKeySecret: randomHex(16)}}
		s.AddCredential(creds[0])
	}
	regions := s.Regions()
	region := "cn-hangzhou"
	if !slices.Contains(regions, region) {
		region = regions[0]
	}

	l, err := emulator.Start(s, net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	defer l.Close()

	if *readyFile != "" {
		if err := writeAtomically(*readyFile, l.URL+"\n"); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "endpoint: %s\naccess_key_id: %s\naccess_key_secret: %s\n", l.URL, creds[0].AccessKeyID, creds[0].AccessKeySecret)
	if creds[0].SecurityToken != "" {
		fmt.Fprintf(stdout, "security_token: %s\n", creds[0].SecurityToken)
	}
	fmt.Fprintf(stdout, "region: %s\n", region)

	<-ctx.Done()
	fmt.Fprintln(stderr, "swas-emulator: stopping")
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// writeAtomically makes the file appear complete, so a script polling for
// it never reads half an endpoint.
func writeAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".swas-emulator-ready-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
