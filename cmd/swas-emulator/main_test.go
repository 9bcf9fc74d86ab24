package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"
)

// TestRun starts the command with the sample world fixture, as a user would,
// and checks that unsigned requests are refused while the printed
// credentials work.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	readyFile := filepath.Join(t.TempDir(), "ready")
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-fixture", "../../internal/emulator/testdata/sample-world.json", "-port", "0", "-ready-file", readyFile, "-quiet"}, stdoutW, io.Discard)
		stdoutW.Close()
		done <- err
	}()

	printed := map[string]string{}
	lines := bufio.NewScanner(stdoutR)
	for len(printed) < 4 && lines.Scan() {
		key, value, _ := strings.Cut(lines.Text(), ": ")
		printed[key] = value
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	endpoint := printed["endpoint"]
	if !strings.HasPrefix(endpoint, "http://127.0.0.1:") {
		t.Fatalf("printed %v", printed)
	}
	if ready, err := os.ReadFile(readyFile); err != nil || string(ready) != endpoint+"\n" {
		t.Errorf("ready file: %q, %v", ready, err)
	}

	// What curl -X POST would send.
	resp, err := http.Post(endpoint+"/?Action=DescribeInvocations&Version=2020-06-01&RegionId=cn-hangzhou&InstanceId=ace0706b2ac4454d984295a942130001", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	err = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 400 || body["Code"] != "MissingAccessKeyId" || body["Invocations"] != nil {
		t.Errorf("unsigned request: %d %v", resp.StatusCode, body)
	}

	c, err := swas.NewClient(&openapiutil.Config{
		AccessKeyId:     tea.String(printed["access_key_id"]),
		AccessKeySecret: tea.String(printed["access_key_secret"]),
		Endpoint:        tea.String(strings.TrimPrefix(endpoint, "http://")),
		Protocol:        tea.String("HTTP"),
		RegionId:        tea.String(printed["region"]),
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{
		RegionId: tea.String(printed["region"]), InstanceId: tea.String("ace0706b2ac4454d984295a942130001"),
	})
	if err != nil || tea.Int32Value(list.Body.TotalCount) != 3 {
		t.Errorf("signed request: %v %v", list, err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestRunWithoutFixture(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-quiet"}, stdoutW, io.Discard)
		stdoutW.Close()
		done <- err
	}()
	out, _ := bufio.NewReader(stdoutR).ReadString('\n')
	if !strings.HasPrefix(out, "endpoint: http://127.0.0.1:") {
		t.Errorf("printed %q", out)
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestRunBadFixture(t *testing.T) {
	err := run(context.Background(), []string{"-fixture", "does-not-exist.json"}, io.Discard, io.Discard)
	if err == nil {
		t.Error("no error")
	}
}

// startRun runs the command with args until the test ends, and returns
// what it printed on stdout, up to the region, the last line.
func startRun(t *testing.T, args ...string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append(args, "-quiet"), stdoutW, io.Discard)
		stdoutW.Close()
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return readPrinted(stdoutR)
}

// readPrinted reads what the command prints on stdout once listening,
// which ends with the region, and discards the rest.
func readPrinted(stdout io.Reader) map[string]string {
	printed := map[string]string{}
	lines := bufio.NewScanner(stdout)
	for printed["region"] == "" && lines.Scan() {
		key, value, _ := strings.Cut(lines.Text(), ": ")
		printed[key] = value
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return printed
}

// newPrintedClient is an SDK client with the endpoint and key the command
// printed.
func newPrintedClient(t *testing.T, printed map[string]string) *swas.Client {
	t.Helper()
	c, err := swas.NewClient(&openapiutil.Config{
		AccessKeyId:     tea.String(printed["access_key_id"]),
		AccessKeySecret: tea.String(printed["access_key_secret"]),
		Endpoint:        tea.String(strings.TrimPrefix(printed["endpoint"], "http://")),
		Protocol:        tea.String("HTTP"),
		RegionId:        tea.String(printed["region"]),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRunWithRateLimitAndLatency(t *testing.T) {
	printed := startRun(t, "-rate-limit", "1/m", "-rate-burst", "2", "-latency", "20ms", "-latency-jitter", "5ms")
	c := newPrintedClient(t, printed)
	list := func() error {
		_, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{
			RegionId: tea.String(printed["region"]), InstanceId: tea.String("ace0706b2ac4454d984295a942130001"),
		})
		return err
	}
	for i := range 2 {
		begin := time.Now()
		// The instance is unknown: an answer of the action, after flow control.
		if err := list(); err == nil || !strings.Contains(err.Error(), "InvalidInstanceId.NotFound") {
			t.Errorf("request %d: %v", i+1, err)
		}
		if took := time.Since(begin); took < 20*time.Millisecond {
			t.Errorf("request %d answered in %s, want 20 ms at least", i+1, took)
		}
	}
	if err := list(); err == nil || !strings.Contains(err.Error(), "Throttling.User") {
		t.Errorf("request 3: %v, want Throttling.User", err)
	}
}

// -rate-limit-shared has another client spend its share of each limit:
// at half of a burst of 2, it takes one of the two tokens at once.
func TestRunWithASharedRateLimit(t *testing.T) {
	printed := startRun(t, "-rate-limit", "1/m", "-rate-burst", "2", "-rate-limit-shared", "0.5")
	c := newPrintedClient(t, printed)
	list := func() error {
		_, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{
			RegionId: tea.String(printed["region"]), InstanceId: tea.String("ace0706b2ac4454d984295a942130001"),
		})
		return err
	}
	if err := list(); err == nil || !strings.Contains(err.Error(), "InvalidInstanceId.NotFound") {
		t.Errorf("request 1: %v", err)
	}
	if err := list(); err == nil || !strings.Contains(err.Error(), "Throttling.User") {
		t.Errorf("request 2: %v, want Throttling.User", err)
	}
}

func TestRunBadSettings(t *testing.T) {
	for _, args := range [][]string{
		{"-rate-limit", "often"},
		{"-rate-limit", "-1"},
		{"-rate-burst", "-1"},
		{"-rate-limit-shared", "1"},
		{"-rate-limit-shared", "-0.5"},
		{"-latency", "-1s"},
		{"-latency-jitter", "-1ms"},
		{"-run-scripts", "-run-scripts-root", "does-not-exist"},
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

// -tls serves HTTPS with a certificate of the CA written to -ca-file, the
// file clients name in SSL_CERT_FILE.
func TestRunTLS(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	printed := startRun(t, "-tls", "-ca-file", caFile)
	if !strings.HasPrefix(printed["endpoint"], "https://127.0.0.1:") || printed["ca_file"] != caFile {
		t.Fatalf("printed %v", printed)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s:\n%s", caFile, pem)
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Post(printed["endpoint"]+"/?Action=DescribeInvocations&Version=2020-06-01", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unsigned request over HTTPS: %s", resp.Status)
	}
}

// Without -ca-file, the CA goes into a temporary file, gone on exit.
func TestRunTLSTemporaryCAFile(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-tls", "-quiet"}, stdoutW, io.Discard)
		stdoutW.Close()
		done <- err
	}()
	var caFile string
	lines := bufio.NewScanner(stdoutR)
	for caFile == "" && lines.Scan() {
		if file, ok := strings.CutPrefix(lines.Text(), "ca_file: "); ok {
			caFile = file
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	if _, err := os.Stat(caFile); err != nil {
		t.Errorf("CA file %q: %v", caFile, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if _, err := os.Stat(caFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CA file %s after exit: %v", caFile, err)
	}
}
