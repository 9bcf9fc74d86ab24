package swasclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
)

func responseError(status int, code string) error {
	data := map[string]any{"Code": code, "Message": "the message", "RequestId": "REQ-1"}
	switch {
	case code == "Throttling.User":
		return &openapi.ThrottlingError{StatusCode: dara.Int(status), Code: dara.String(code), Data: data}
	case status >= 500:
		return &openapi.ServerError{StatusCode: dara.Int(status), Code: dara.String(code), Data: data}
	}
	return &openapi.ClientError{StatusCode: dara.Int(status), Code: dara.String(code), Data: data}
}

func TestClassify(t *testing.T) {
	var syntaxErr error = &json.SyntaxError{}
	tests := []struct {
		name string
		err  error
		want ErrorKind
	}{
		{"throttled", responseError(400, "Throttling.User"), KindThrottled},
		{"too many requests", responseError(429, "Whatever"), KindThrottled},
		{"unknown access key", responseError(404, "InvalidAccessKeyId.NotFound"), KindAuthentication},
		{"bad signature", responseError(400, "SignatureDoesNotMatch"), KindAuthentication},
		{"reused nonce", responseError(400, "SignatureNonceUsed"), KindAuthentication},
		{"stale date", responseError(400, "InvalidTimeStamp.Expired"), KindAuthentication},
		{"forbidden", responseError(403, "Forbidden.RAM"), KindAuthentication},
		{"unknown instance", responseError(404, "InvalidInstanceId.NotFound"), KindNotFound},
		{"unknown invocation", responseError(404, "InvalidInvokeId.NotFound"), KindNotFound},
		{"missing parameter", responseError(400, "MissingParameter"), KindInvalidInput},
		{"unavailable", responseError(503, "ServiceUnavailable"), KindTransient},
		{"internal error", responseError(500, "InternalError"), KindTransient},
		// Codes the API has not documented fall back on the HTTP status.
		{"undocumented 500", responseError(500, "Undocumented"), KindTransient},
		{"undocumented 400", responseError(400, "Undocumented"), KindInvalidInput},
		{"undocumented 401", responseError(401, "Undocumented"), KindAuthentication},
		// SWAS answers business errors with 403 (InvalidParam,
		// IncorrectInstanceStatus, ECS's InvalidStatus.CmdIdInUse): only
		// the codes of credentials and permissions are authentication.
		{"undocumented 403", responseError(403, "Undocumented"), KindInvalidInput},
		{"command in use", responseError(403, "InvalidStatus.CmdIdInUse"), KindInvalidInput},
		{"no permission", responseError(403, "NoPermission"), KindAuthentication},
		{"undocumented 404", responseError(404, "Undocumented"), KindNotFound},
		{"undocumented 399", responseError(399, "Undocumented"), KindUnknown},
		{"connection refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, KindTransient},
		{"dropped connection", fmt.Errorf("Post: %w", io.EOF), KindTransient},
		{"malformed body", syntaxErr, KindInvalidResponse},
		{"body cut short", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), KindInvalidResponse},
		{"untrusted certificate", &url.Error{Op: "Post", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, KindUntrustedCertificate},
		{"no such host", &url.Error{Op: "Post", URL: "https://swas.cn-nowhere.aliyuncs.com/", Err: &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.DNSError{Err: "no such host", Name: "swas.cn-nowhere.aliyuncs.com", IsNotFound: true}}}, KindUnusableEndpoint},
		{"DNS server failing", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "server misbehaving", IsTemporary: true}}, KindTransient},
		{"DNS timeout", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "i/o timeout", IsTimeout: true}}, KindTransient},
		{"invalid port", &url.Error{Op: "Post", URL: "http://127.0.0.1:99999/", Err: &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.AddrError{Err: "invalid port", Addr: "99999"}}}, KindUnusableEndpoint},
		{"HTTP where HTTPS", &url.Error{Op: "Post", URL: "https://127.0.0.1:8080/", Err: errors.New("http: server gave HTTP response to HTTPS client")}, KindUnusableEndpoint},
		{"cancelled", context.Canceled, KindCancelled},
		{"deadline", fmt.Errorf("wrapped: %w", context.DeadlineExceeded), KindCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify("Action", tt.err)
			if got.Kind != tt.want {
				t.Errorf("classify(%v).Kind = %v, want %v", tt.err, got.Kind, tt.want)
			}
			if got.Kind.retryable() != (tt.want == KindThrottled || tt.want == KindTransient) {
				t.Errorf("%v retryable = %v", got.Kind, got.Kind.retryable())
			}
		})
	}
}

func TestClassifyKeepsTheAPIsFacts(t *testing.T) {
	got := classify("DescribeInvocationResult", responseError(404, "InvalidInvokeId.NotFound"))
	if got.Code != "InvalidInvokeId.NotFound" || got.Message != "the message" || got.RequestID != "REQ-1" || got.StatusCode != 404 {
		t.Errorf("classify lost facts: %+v", got)
	}
	want := "DescribeInvocationResult failed: InvalidInvokeId.NotFound: the message (HTTP 404) (request id REQ-1)"
	if got.Error() != want {
		t.Errorf("Error() = %q, want %q", got.Error(), want)
	}
}

// TestClassifyWithholdsTheQuery: a transport error names the host but not
// the query, where RunCommand sends the script and its parameters, and is
// classified as before.
func TestClassifyWithholdsTheQuery(t *testing.T) {
	const full = "http://127.0.0.1:8080/?CommandContent=echo+MARKER&Parameters=%7B%22token%22%3A%22MARKER%22%7D"
	dropped := func() error { return &url.Error{Op: "Post", URL: full, Err: io.EOF} }
	refused := &url.Error{Op: "Post", URL: full, Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}
	for name, c := range map[string]struct {
		err  error
		want ErrorKind
	}{
		"dropped":          {dropped(), KindTransient},
		"refused":          {refused, KindTransient},
		"wrapped":          {fmt.Errorf("calling: %w", dropped()), KindTransient},
		"deadline":         {&url.Error{Op: "Post", URL: full, Err: context.DeadlineExceeded}, KindCancelled},
		"cut short":        {&url.Error{Op: "Post", URL: full, Err: io.ErrUnexpectedEOF}, KindInvalidResponse},
		"unparsable query": {&url.Error{Op: "Post", URL: "http://[::1/?x=MARKER", Err: io.EOF}, KindTransient},
	} {
		t.Run(name, func(t *testing.T) {
			got := classify(runCommand, c.err)
			if got.Kind != c.want {
				t.Errorf("kind = %v, want %v", got.Kind, c.want)
			}
			if msg := got.Error(); strings.Contains(msg, "MARKER") || !strings.Contains(msg, "Post") {
				t.Errorf("Error() = %q: want the operation without the query", msg)
			}
		})
	}
	if got := classify(runCommand, dropped()).Error(); got != `RunCommand failed: Post "http://127.0.0.1:8080/": EOF` {
		t.Errorf("Error() = %q", got)
	}
	if !notSent(classify(runCommand, refused)) {
		t.Error("a refused connection is no longer known to have sent nothing")
	}
}

// TestAPIErrorMessage says what the API said, or else what failed, and how
// many attempts were made when there was more than one.
func TestAPIErrorMessage(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, tc := range []struct {
		err  *APIError
		want string
	}{
		{&APIError{Action: "RunCommand", Err: refused, Attempts: 1}, "RunCommand failed: dial tcp: connection refused"},
		{&APIError{Action: "RunCommand", Err: refused, Attempts: 4}, "RunCommand failed: dial tcp: connection refused after 4 attempts"},
		{&APIError{Action: "RunCommand", Code: "Throttling.User", Message: "slow down", Err: refused, StatusCode: 400, Attempts: 2},
			"RunCommand failed: Throttling.User: slow down (HTTP 400) after 2 attempts"},
		{&APIError{Action: "RunCommand"}, "RunCommand failed"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// TestUnusableEndpointFailsAtOnce: an endpoint that answers HTTP where the
// setting asks HTTPS, or has a port that is not one, fails the call with
// one attempt, saying where the request went; nothing is sent, so a
// command cannot have run.
func TestUnusableEndpointFailsAtOnce(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("the request reached the server")
	}))
	t.Cleanup(server.Close)
	httpsURL := "https://" + strings.TrimPrefix(server.URL, "http://")
	for name, endpoint := range map[string]Endpoint{
		"HTTP where HTTPS": {Scheme: "https", Host: strings.TrimPrefix(httpsURL, "https://"), Setting: "endpoint"},
		"invalid port":     {Scheme: "http", Host: "127.0.0.1:99999", Setting: "SWAS_ENDPOINT"},
	} {
		t.Run(name, func(t *testing.T) {
			client := newTestClient(t, server.URL)
			client.cfg.Endpoint = &endpoint
			_, err := client.RunCommand(context.Background(), shellInput("echo hi"))
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Kind != KindUnusableEndpoint || apiErr.Attempts != 1 || apiErr.Endpoint != endpoint {
				t.Fatalf("RunCommand: %#v, want an unusable endpoint after one attempt", err)
			}
			if MayHaveRun(err) {
				t.Error("a request that could not be sent may have run the command")
			}
		})
	}
}

// TestEndpointProblem says what is wrong with an unusable endpoint, and
// nothing for other failures.
func TestEndpointProblem(t *testing.T) {
	dial := func(err error) error {
		return &url.Error{Op: "Post", URL: "https://h/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: err}}
	}
	for want, err := range map[string]error{
		"the DNS has no host swas.cn-nowhere.aliyuncs.com": dial(&net.DNSError{Err: "no such host", Name: "swas.cn-nowhere.aliyuncs.com", IsNotFound: true}),
		"the address is not valid: invalid port":           dial(&net.AddrError{Err: "invalid port", Addr: "99999"}),
		"the server speaks HTTP, not HTTPS":                &url.Error{Op: "Post", URL: "https://h/", Err: errors.New("http: " + httpFromHTTPS)},
		"":                                                 dial(errors.New("connection refused")),
	} {
		if got := classify(describeInvocationResult, err).EndpointProblem(); got != want {
			t.Errorf("EndpointProblem of %v = %q, want %q", err, got, want)
		}
	}
}
