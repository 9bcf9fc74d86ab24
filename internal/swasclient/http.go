package swasclient

import (
	"net"
	"net/http"
	"time"
)

// maxIdleConnsPerHost is how many connections to one endpoint stay open
// between calls. Every call the provider makes at once holds a connection
// over HTTP/1.1: OpenTofu and Terraform read and create 10 objects at a
// time by default (-parallelism), users raise that for fleets, and each
// waiting read polls on its own. A connection closed for want of room in
// the pool costs its successor a TCP and a TLS handshake, two to three
// round trips to a region. The provider reaches one host per region, so
// the pool of one host may hold all of MaxIdleConns.
const maxIdleConnsPerHost = 100

// transport is the process's one pool of connections, which every client
// shares, like its one pacer: reads of every provider instance reuse the
// same connections, and CloseIdleConnections reaches them all.
var transport = newTransport()

// newTransport verifies certificates against the system's CA store, whose
// file and directories SSL_CERT_FILE and SSL_CERT_DIR replace on Linux and
// the BSDs: no TLS setting is ours to weaken. HTTP/2 is negotiated where the endpoint offers it, with
// every call in flight on one connection.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           newDialer().DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          maxIdleConnsPerHost,
		MaxIdleConnsPerHost:   maxIdleConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// A server that accepts a request but never answers must not hold
		// the read until its timeout: give up and let the retry policy decide.
		ResponseHeaderTimeout: 30 * time.Second,
		// Over HTTP/2 every call shares one connection: one that died
		// silently (a NAT or proxy forgot it) is found by a ping and
		// replaced, instead of failing every call on it.
		HTTP2: &http.HTTP2Config{SendPingTimeout: 30 * time.Second, PingTimeout: 15 * time.Second},
	}
}

// newDialer gives up on a connection that does not open in 10 s, and
// probes open ones so that a dead peer is noticed.
func newDialer() *net.Dialer {
	return &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
}

// CloseIdleConnections closes the connections kept open for later calls,
// cleanly (a TLS close_notify, not a reset); main calls it when the
// provider stops. Calls after it open new ones.
func CloseIdleConnections() { transport.CloseIdleConnections() }

// httpCaller is the SDK's HttpClient: one net/http client, safe for
// concurrent use.
type httpCaller struct {
	client *http.Client
}

func newHTTPCaller() *httpCaller {
	return &httpCaller{client: &http.Client{Transport: transport}}
}

// Call ignores the SDK's per-request transport, which would open new
// connections for every call.
func (h *httpCaller) Call(request *http.Request, _ *http.Transport) (*http.Response, error) {
	return h.client.Do(request)
}
