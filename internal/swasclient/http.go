package swasclient

import (
	"net"
	"net/http"
	"time"
)

// httpCaller is the SDK's HttpClient: one net/http client, safe for
// concurrent use, whose connections every call shares.
type httpCaller struct {
	client *http.Client
}

func newHTTPCaller() *httpCaller {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// A server that accepts a request but never answers must not hold
		// the read until its timeout: give up and let the retry policy decide.
		ResponseHeaderTimeout: 30 * time.Second,
	}
	return &httpCaller{client: &http.Client{Transport: transport}}
}

// Call ignores the SDK's per-request transport, which would open new
// connections for every call.
func (h *httpCaller) Call(request *http.Request, _ *http.Transport) (*http.Response, error) {
	return h.client.Do(request)
}
