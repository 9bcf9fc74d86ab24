package swasclient

import (
	"context"
	"crypto/tls"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// The transport's settings: connections kept for every call OpenTofu makes
// at once, HTTP/2 where offered, dead HTTP/2 connections found, and
// certificates verified against the system's CA store alone.
func TestTransportSettings(t *testing.T) {
	tr := newTransport()
	if tr.MaxIdleConnsPerHost < 10 || tr.MaxIdleConns < tr.MaxIdleConnsPerHost {
		t.Errorf("MaxIdleConnsPerHost %d, MaxIdleConns %d: the pool of a host must hold a connection for each of "+
			"OpenTofu's 10 operations at once, and the whole pool at least that", tr.MaxIdleConnsPerHost, tr.MaxIdleConns)
	}
	if tr.MaxConnsPerHost != 0 {
		t.Errorf("MaxConnsPerHost %d queues calls behind each other", tr.MaxConnsPerHost)
	}
	if !tr.ForceAttemptHTTP2 || tr.TLSNextProto != nil {
		t.Error("HTTP/2 is not negotiated")
	}
	if tr.HTTP2 == nil || tr.HTTP2.SendPingTimeout <= 0 || tr.HTTP2.PingTimeout <= 0 {
		t.Errorf("HTTP/2 connections are not checked with pings: %+v", tr.HTTP2)
	}
	if tr.TLSClientConfig != nil || tr.DialTLSContext != nil {
		t.Errorf("TLS is configured (%+v): verification must stay Go's, against the system's CA store", tr.TLSClientConfig)
	}
	if tr.IdleConnTimeout < time.Minute || tr.DisableKeepAlives {
		t.Errorf("idle connections kept %s, keep-alives disabled %v", tr.IdleConnTimeout, tr.DisableKeepAlives)
	}
	if tr.Proxy == nil || tr.DialContext == nil || tr.TLSHandshakeTimeout == 0 || tr.ResponseHeaderTimeout == 0 {
		t.Error("proxy from the environment, dial, handshake and response timeouts must be set")
	}
	if d := newDialer(); d.Timeout <= 0 || d.KeepAlive <= 0 {
		t.Errorf("dial timeout %s and TCP keep-alive %s must be set", d.Timeout, d.KeepAlive)
	}
	if newHTTPCaller().client.Transport != transport {
		t.Error("clients do not share the process's transport")
	}
}

// httpsEnv is an emulator served over HTTPS and a client that trusts its
// CA, on a transport of its own with the provider's settings.
type httpsEnv struct {
	server *emulator.Server
	client *Client
	ref    InvocationRef
	protos *protocols
}

func newHTTPSEnv(t *testing.T, opts emulator.Options) *httpsEnv {
	t.Helper()
	opts.TLS = true
	opts.Credentials = []emulator.Credential{{AccessKeyID: "LTAI5tRunCommandTest", AccessKeySecret: "secret"}}
	server := emulator.New(opts)
	server.AddInstance(emulator.Instance{ID: runInstance, RegionID: runRegion, Status: emulator.InstanceRunning})
	id := server.AddInvocation(emulator.Invocation{InstanceID: runInstance, CreatedAt: time.Now().Add(-time.Hour)})
	l, err := emulator.Start(server, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	tr := newTransport()
	tr.TLSClientConfig = &tls.Config{RootCAs: l.CA.CertPool()}
	t.Cleanup(tr.CloseIdleConnections)
	client := newTestClient(t, l.URL)
	protos := &protocols{next: tr, seen: map[string]int{}}
	client.http = &httpCaller{client: &http.Client{Transport: protos}}
	return &httpsEnv{server: server, client: client, protos: protos,
		ref: InvocationRef{RegionID: runRegion, InstanceID: runInstance, InvokeID: id}}
}

// protocols counts the protocols answers came over.
type protocols struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]int
}

func (p *protocols) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := p.next.RoundTrip(r)
	if err == nil {
		p.mu.Lock()
		p.seen[resp.Proto]++
		p.mu.Unlock()
	}
	return resp, err
}

// readAtOnce makes n reads at once, and fails the test if any fails.
func (e *httpsEnv) readAtOnce(t *testing.T, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := e.client.DescribeInvocationResult(t.Context(), e.ref); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// Over HTTPS with HTTP/2 offered, the SDK's requests go over HTTP/2, all on
// one connection.
func TestHTTPSUsesHTTP2(t *testing.T) {
	e := newHTTPSEnv(t, emulator.Options{Latency: 20 * time.Millisecond})
	e.readAtOnce(t, 1)
	for range 3 {
		e.readAtOnce(t, 20)
	}
	if e.protos.seen["HTTP/2.0"] != 61 {
		t.Errorf("answers by protocol: %v, want 61 over HTTP/2", e.protos.seen)
	}
	if n, h := e.server.Connections(), e.server.TLSHandshakes(); n != 1 || h != 1 {
		t.Errorf("%d connections and %d TLS handshakes for 61 reads, want 1 and 1", n, h)
	}
}

// Over HTTP/1.1, rounds of 10 reads at once, as OpenTofu makes them, keep
// reusing the 10 connections of the first round.
func TestHTTP1ReusesAConnectionPerReadInFlight(t *testing.T) {
	e := newHTTPSEnv(t, emulator.Options{HTTP1Only: true, Latency: 20 * time.Millisecond})
	for range 5 {
		e.readAtOnce(t, 10)
	}
	if e.protos.seen["HTTP/1.1"] != 50 {
		t.Errorf("answers by protocol: %v, want 50 over HTTP/1.1", e.protos.seen)
	}
	if n, h := e.server.Connections(), e.server.TLSHandshakes(); n > 10 || h != n {
		t.Errorf("%d connections and %d TLS handshakes for 5 rounds of 10 reads, want at most 10 of each", n, h)
	}
}

// A certificate from a CA the machine does not trust fails at once, not
// retried, with an error that says so.
func TestUntrustedCertificate(t *testing.T) {
	server := emulator.New(emulator.Options{TLS: true})
	l, err := emulator.Start(server, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	// The process's transport: the system's CA store, without the emulator's.
	client := newTestClient(t, l.URL)
	_, err = client.DescribeInvocationResult(t.Context(), InvocationRef{RegionID: runRegion, InstanceID: runInstance, InvokeID: "t-1"})
	if !IsKind(err, KindUntrustedCertificate) {
		t.Fatalf("got %v, want an untrusted certificate", err)
	}
	if !strings.Contains(err.Error(), "certificate signed by unknown authority") {
		t.Errorf("the error does not say what is wrong with the certificate: %v", err)
	}
	if h := server.TLSHandshakes(); h != 1 {
		t.Errorf("%d TLS handshakes, want 1: the failure is not worth retrying", h)
	}
	if MayHaveRun(err) {
		t.Error("a request that was never sent may have run")
	}
}

// CloseIdleConnections closes the connections of every client.
func TestCloseIdleConnections(t *testing.T) {
	env := newRunCommandEnv(t)
	other := newTestClient(t, env.client.cfg.Endpoint.String())
	for _, c := range []*Client{env.client, other} {
		if _, err := c.RunCommand(context.Background(), shellInput("echo hi")); err != nil {
			t.Fatal(err)
		}
	}
	if n := env.server.OpenConnections(); n != 1 {
		t.Errorf("%d connections open after two calls one after the other, want 1", n)
	}
	CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for env.server.OpenConnections() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := env.server.OpenConnections(); n != 0 {
		t.Errorf("%d connections still open", n)
	}
}
