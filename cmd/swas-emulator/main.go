// Command swas-emulator serves a local Alibaba Cloud Simple Application
// Server (SWAS-OPEN 2020-06-01) OpenAPI endpoint for tests and offline use:
//
//	go run ./cmd/swas-emulator -fixture internal/emulator/testdata/sample-world.json
//
// It listens on 127.0.0.1 (a free port unless -port is given), prints the
// endpoint and the credentials and region to use on stdout, logs requests
// to stderr, and stops on SIGINT or SIGTERM. With -ready-file it writes the
// endpoint into that file once listening. With -run-scripts it runs
// RunShellScript commands, RunCommand's and InvokeCommand's, for real on
// this machine (see
// emulator.ScriptOptions) and prints the directory they run in. With -tls
// (or "tls": true in the fixture) it serves HTTPS with a certificate of a
// CA generated for the run, whose file it prints (ca_file) for clients to
// trust through SSL_CERT_FILE:
//
//	go run ./cmd/swas-emulator -tls -ca-file /tmp/swas-ca.pem
//	SSL_CERT_FILE=/tmp/swas-ca.pem tofu plan
//
// See emulator.NewFromFixture for the fixture format, and package
// internal/emulator for the emulated behaviour.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

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

// settings are the command line's.
type settings struct {
	host, fixture, readyFile string
	caFile                   string
	port                     int
	quiet, tls               bool
	rate                     rateFlag
	burst                    int
	shared                   float64
	latency, jitter          time.Duration
	scripts                  emulator.ScriptOptions
	allow                    string
}

func parseFlags(args []string, stderr io.Writer) (settings, error) {
	var st settings
	flags := flag.NewFlagSet("swas-emulator", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&st.host, "host", "127.0.0.1", "address to listen on")
	flags.IntVar(&st.port, "port", 0, "port to listen on (0 picks a free one)")
	flags.StringVar(&st.fixture, "fixture", "", "JSON `file` seeding credentials, regions, instances and invocations, and optionally the rate limit, the latency and -run-scripts' settings")
	flags.StringVar(&st.readyFile, "ready-file", "", "`file` to write the endpoint into once listening")
	flags.BoolVar(&st.quiet, "quiet", false, "do not log requests")
	flags.BoolVar(&st.tls, "tls", false, "serve HTTPS with a certificate of a CA generated for this run (default: the fixture's, else HTTP)")
	flags.StringVar(&st.caFile, "ca-file", "", "`file` to write the CA's certificate into with HTTPS, for clients' SSL_CERT_FILE "+
		"(default: a new temporary file, removed on exit)")
	flags.Var(&st.rate, "rate-limit", "requests each access key may send to each action, a `rate` such as 5 (a second), 0.5 or 10/m; "+
		"answers past it are HTTP 400 Throttling.User with the x-ratelimit-user-api header (default: the fixture's, else no limit)")
	flags.IntVar(&st.burst, "rate-burst", 0, "requests a rested access key may send to an action at once (default: the fixture's, else one second's worth)")
	flags.Float64Var(&st.shared, "rate-limit-shared", 0, "`share` of each action's -rate-limit that another client of the same key spends, "+
		"from 0 to under 1 (0.5: half), its requests coming evenly; the client gets what is left (default: the fixture's, else none)")
	flags.DurationVar(&st.latency, "latency", 0, "delay of every answer, e.g. 50ms (default: the fixture's, else none)")
	flags.DurationVar(&st.jitter, "latency-jitter", 0, "random delay of 0 to this `duration` added to every answer's latency (default: the fixture's, else none)")
	scriptFlags(flags, &st)
	if err := flags.Parse(args); err != nil {
		return st, err
	}
	if st.allow != "" {
		st.scripts.Allow = strings.Split(st.allow, ",")
	}
	switch {
	case st.burst < 0:
		return st, fmt.Errorf("-rate-burst %d: must be 0 or more", st.burst)
	case !(st.shared >= 0 && st.shared < 1):
		return st, fmt.Errorf("-rate-limit-shared %v: must be at least 0 and under 1", st.shared)
	case st.latency < 0 || st.jitter < 0:
		return st, errors.New("-latency and -latency-jitter must not be negative")
	}
	if st.scripts.Root != "" {
		if info, err := os.Stat(st.scripts.Root); err != nil || !info.IsDir() {
			return st, fmt.Errorf("-run-scripts-root %s: must be an existing directory", st.scripts.Root)
		}
	}
	return st, nil
}

// scriptFlags are the flags of the mode that runs scripts for real.
func scriptFlags(flags *flag.FlagSet, st *settings) {
	flags.BoolVar(&st.scripts.Enabled, "run-scripts", false, "run RunShellScript commands (RunCommand's, and InvokeCommand's on each server) for real, in /bin/sh on this machine, "+
		"as the user running the emulator, with only PATH and HOME in their environment; nothing else is isolated. "+
		"Each command is a process group of its own, killed when it ends, at its timeout and when the emulator stops. "+
		"RunBatScript and RunPowerShellScript end Invalid with CommandNotApplicable. Off by default: commands get "+
		"canned outcomes (a fixture's runScripts can turn it on too)")
	flags.StringVar(&st.scripts.Root, "run-scripts-root", "", "existing `directory` in which -run-scripts makes a fresh directory, "+
		"with a directory per server standing for its file system, kept on exit (default: the system's temporary "+
		"directory, removed on exit)")
	flags.StringVar(&st.allow, "run-scripts-allow", "", "comma-separated `instance ids` whose commands -run-scripts runs "+
		"for real; the others get canned outcomes (default: the fixture's, else every instance)")
}

// rateFlag is -rate-limit, in the syntax of emulator.ParseRate.
type rateFlag float64

func (r *rateFlag) String() string { return strconv.FormatFloat(float64(*r), 'g', -1, 64) }

func (r *rateFlag) Set(s string) error {
	v, err := emulator.ParseRate(s)
	*r = rateFlag(v)
	return err
}

// newServer makes the emulator; flags win over the fixture's settings.
func newServer(st settings, stderr io.Writer) (*emulator.Server, error) {
	opts := emulator.Options{
		RateLimit:     emulator.RateLimit{Rate: float64(st.rate), Burst: st.burst, Shared: st.shared},
		Latency:       st.latency,
		LatencyJitter: st.jitter,
		Scripts:       st.scripts,
		TLS:           st.tls,
	}
	if !st.quiet {
		opts.Logf = log.New(stderr, "", log.LstdFlags).Printf
	}
	if st.fixture == "" {
		return emulator.New(opts), nil
	}
	return emulator.NewFromFixture(st.fixture, opts)
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	st, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	s, err := newServer(st, stderr)
	if err != nil {
		return err
	}
	// Deferred before the listener's Close, so run after it: no request
	// starts a script once the scripts have been ended.
	defer s.Close()
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

	l, err := emulator.Start(s, net.JoinHostPort(st.host, strconv.Itoa(st.port)))
	if err != nil {
		return err
	}
	defer l.Close()
	caFile, removeCA, err := writeCA(l.CA, st.caFile)
	if err != nil {
		return err
	}
	defer removeCA()

	if st.readyFile != "" {
		if err := writeAtomically(st.readyFile, l.URL+"\n"); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "endpoint: %s\n", l.URL)
	if caFile != "" {
		fmt.Fprintf(stdout, "ca_file: %s\n", caFile)
	}
	fmt.Fprintf(stdout, "access_key_id: %s\naccess_key_secret: %s\n", creds[0].AccessKeyID, creds[0].AccessKeySecret)
	if creds[0].SecurityToken != "" {
		fmt.Fprintf(stdout, "security_token: %s\n", creds[0].SecurityToken)
	}
	if dir := s.ScriptsDir(); dir != "" {
		fmt.Fprintf(stdout, "scripts: %s\n", dir)
		fmt.Fprintf(stderr, "swas-emulator: running RunShellScript commands for real on this machine, as %s, in %s\n", currentUser(), dir)
	}
	fmt.Fprintf(stdout, "region: %s\n", region)

	<-ctx.Done()
	fmt.Fprintln(stderr, "swas-emulator: stopping")
	return nil
}

// currentUser names the user scripts run as.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return "user " + u.Username
	}
	return "uid " + strconv.Itoa(os.Getuid())
}

// writeCA writes the certificate of ca, if the listener has one, into
// path, or a new temporary file that remove deletes, and returns the
// file's name.
func writeCA(ca *emulator.CA, path string) (file string, remove func(), err error) {
	remove = func() {}
	switch {
	case ca == nil:
		return "", remove, nil
	case path == "":
		dir, err := os.MkdirTemp("", "swas-emulator-")
		if err != nil {
			return "", remove, err
		}
		path, remove = filepath.Join(dir, "ca.pem"), func() { os.RemoveAll(dir) }
	}
	if err := ca.WriteFile(path); err != nil {
		remove()
		return "", func() {}, err
	}
	return path, remove, nil
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
