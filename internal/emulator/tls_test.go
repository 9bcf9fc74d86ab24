package emulator_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// startTLS serves a new emulator over HTTPS.
func startTLS(t *testing.T, opts emulator.Options) (*emulator.Server, *emulator.Listener) {
	t.Helper()
	opts.TLS = true
	srv := emulator.New(opts)
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return srv, l
}

// trustingClient trusts pool only, and negotiates HTTP/2 when offered, as
// the provider's transport does. Its connections close before the
// listener does, which would otherwise wait a second for HTTP/2's.
func trustingClient(t *testing.T, pool *x509.CertPool) *http.Client {
	c := &http.Client{Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool},
		ForceAttemptHTTP2: true,
		// Go keeps two idle connections a host by default and closes the
		// rest, which the tests that count open ones would race with.
		MaxIdleConnsPerHost: 8,
	}}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// unsigned sends what curl -X POST would and returns the protocol the
// answer came over; the answer itself is MissingAccessKeyId.
func unsigned(c *http.Client, url string) (string, error) {
	resp, err := c.Post(url+"/?Action=DescribeInvocations&Version=2020-06-01", "", nil)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if !strings.Contains(string(body), "MissingAccessKeyId") {
		return "", errors.New("unexpected answer: " + string(body))
	}
	return resp.Proto, nil
}

// HTTPS with HTTP/2: ten requests at once share one connection and one
// handshake, with a certificate the CA signed for loopback.
func TestTLS(t *testing.T) {
	srv, l := startTLS(t, emulator.Options{})
	if !strings.HasPrefix(l.URL, "https://127.0.0.1:") || l.CA == nil {
		t.Fatalf("URL %s, CA %v", l.URL, l.CA)
	}
	c := trustingClient(t, l.CA.CertPool())
	// One request first: HTTP/2 multiplexes only once the connection is up.
	if proto, err := unsigned(c, l.URL); err != nil || proto != "HTTP/2.0" {
		t.Fatalf("first request: %s, %v", proto, err)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if proto, err := unsigned(c, l.URL); err != nil || proto != "HTTP/2.0" {
				t.Errorf("%s, %v", proto, err)
			}
		})
	}
	wg.Wait()
	if n, h := srv.Connections(), srv.TLSHandshakes(); n != 1 || h != 1 {
		t.Errorf("%d connections and %d handshakes for 11 requests over HTTP/2, want 1 and 1", n, h)
	}
	if n := srv.TotalRequests(); n != 11 {
		t.Errorf("%d requests counted, want 11", n)
	}
	srv.ResetCounters()
	if n, h := srv.Connections(), srv.TLSHandshakes(); n != 0 || h != 0 {
		t.Errorf("after ResetCounters: %d connections and %d handshakes", n, h)
	}
	// localhost is in the certificate too.
	if _, err := unsigned(c, strings.Replace(l.URL, "127.0.0.1", "localhost", 1)); err != nil {
		t.Errorf("by name: %v", err)
	}
}

// A client that does not trust the CA fails its handshake, which counts.
func TestTLSUntrusted(t *testing.T) {
	srv, l := startTLS(t, emulator.Options{})
	other, err := emulator.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	_, err = unsigned(trustingClient(t, other.CertPool()), l.URL)
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("got %v, want an unknown authority", err)
	}
	if h, n := srv.TLSHandshakes(), srv.TotalRequests(); h != 1 || n != 0 {
		t.Errorf("%d handshakes and %d requests, want 1 and 0", h, n)
	}
}

// HTTP1Only offers no HTTP/2: requests in flight at once need a connection
// each.
func TestTLSHTTP1Only(t *testing.T) {
	srv, l := startTLS(t, emulator.Options{HTTP1Only: true, Latency: 50 * time.Millisecond})
	c := trustingClient(t, l.CA.CertPool())
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if proto, err := unsigned(c, l.URL); err != nil || proto != "HTTP/1.1" {
				t.Errorf("%s, %v", proto, err)
			}
		})
	}
	wg.Wait()
	if n, h := srv.Connections(), srv.TLSHandshakes(); n != 3 || h != 3 {
		t.Errorf("%d connections and %d handshakes for 3 requests at once, want 3 and 3", n, h)
	}
	if n := srv.OpenConnections(); n != 3 {
		t.Errorf("%d connections open, want the 3 idle ones", n)
	}
	c.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for srv.OpenConnections() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := srv.OpenConnections(); n != 0 {
		t.Errorf("%d connections open after the client closed its idle ones", n)
	}
}

// A new connection pays a round trip for TCP's handshake and one for TLS's
// before the request's own; a reused one only the request's.
func TestHandshakesCostRoundTrips(t *testing.T) {
	const latency = 100 * time.Millisecond
	for _, tc := range []struct {
		name       string
		tls        bool
		roundTrips int
	}{{"http", false, 2}, {"https", true, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := emulator.New(emulator.Options{TLS: tc.tls, Latency: latency})
			l, err := emulator.Start(srv, "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(l.Close)
			c := &http.Client{Transport: &http.Transport{}}
			if tc.tls {
				c = trustingClient(t, l.CA.CertPool())
			}
			begin := time.Now()
			if _, err := unsigned(c, l.URL); err != nil {
				t.Fatal(err)
			}
			first := time.Since(begin)
			begin = time.Now()
			if _, err := unsigned(c, l.URL); err != nil {
				t.Fatal(err)
			}
			again := time.Since(begin)
			t.Logf("new connection %s, reused %s", first, again)
			if first < time.Duration(tc.roundTrips)*latency {
				t.Errorf("the first request took %s, want %d round trips of %s at least", first, tc.roundTrips, latency)
			}
			if again < latency || again >= first {
				t.Errorf("the second request took %s, want a round trip, less than the first's %s", again, first)
			}
			if n := srv.Connections(); n != 1 {
				t.Errorf("%d connections, want 1", n)
			}
		})
	}
}

// "tls": true in a fixture serves HTTPS.
func TestFixtureTLS(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixture.json")
	if err := os.WriteFile(path, []byte(`{"tls": true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.NewFromFixture(path, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := l.CA.WriteFile(caFile); err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("the CA file holds no certificate:\n%s", pem)
	}
	if _, err := unsigned(trustingClient(t, pool), l.URL); err != nil {
		t.Error(err)
	}
}
