package swasclient

import (
	"net/http"
	"testing"
	"time"
)

// TestHTTPCallerBoundsEveryWait: net/http waits forever where a timeout is
// zero, so a server that stalls after accepting a connection would hold a
// read until timeouts.read instead of failing and being retried.
func TestHTTPCallerBoundsEveryWait(t *testing.T) {
	transport := newHTTPCaller().client.Transport.(*http.Transport)
	for name, d := range map[string]time.Duration{
		"TLS handshake":    transport.TLSHandshakeTimeout,
		"response headers": transport.ResponseHeaderTimeout,
		"idle connection":  transport.IdleConnTimeout,
		"100-continue":     transport.ExpectContinueTimeout,
	} {
		if d < time.Second || d > 2*time.Minute {
			t.Errorf("%s timeout = %s, want a bound of seconds", name, d)
		}
	}
}
