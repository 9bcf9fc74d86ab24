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
	"net/url"
	"strings"
	"time"

	"github.com/alibabacloud-go/tea/dara"
)

// ErrorKind says what went wrong in terms a user can act on, and decides
// whether a call is retried.
type ErrorKind int

const (
	KindUnknown ErrorKind = iota
	// KindCredentials: no credentials could be found or obtained.
	KindCredentials
	// KindAuthentication: the API rejected the credentials or the signature.
	KindAuthentication
	// KindNotFound: the region, instance or invocation does not exist.
	KindNotFound
	// KindInvalidInput: the API rejected a parameter, or the request in the
	// state of what it names (a server not running, a command being run).
	KindInvalidInput
	// KindThrottled: the API's rate limit; retried.
	KindThrottled
	// KindTransient: a 5xx answer or a network failure; retried.
	KindTransient
	// KindInvalidResponse: the API answered with something that cannot be read.
	KindInvalidResponse
	// KindCancelled: the caller's context ended (timeout or interrupt).
	KindCancelled
	// KindUntrustedCertificate: the endpoint's TLS certificate failed
	// verification (an unknown CA, another host's, expired); nothing was
	// sent.
	KindUntrustedCertificate
	// KindUnusableEndpoint: the endpoint cannot be used as it is set: the
	// DNS says its host does not exist, its port is not one, or it answers
	// HTTP where HTTPS was asked. Nothing was sent, and retrying cannot help.
	KindUnusableEndpoint
)

func (k ErrorKind) String() string {
	switch k {
	case KindCredentials:
		return "credentials"
	case KindAuthentication:
		return "authentication"
	case KindNotFound:
		return "not found"
	case KindInvalidInput:
		return "invalid input"
	case KindThrottled:
		return "throttled"
	case KindTransient:
		return "transient"
	case KindInvalidResponse:
		return "invalid response"
	case KindCancelled:
		return "cancelled"
	case KindUntrustedCertificate:
		return "untrusted certificate"
	case KindUnusableEndpoint:
		return "unusable endpoint"
	}
	return "unknown"
}

func (k ErrorKind) retryable() bool {
	return k == KindThrottled || k == KindTransient
}

// retryable reports whether a call that is safe to repeat is tried again
// after this failure.
func (e *APIError) retryable() bool {
	return e.Kind.retryable()
}

// APIError is every failure of a call, classified once here so that data
// sources only turn it into a diagnostic.
type APIError struct {
	Action     string
	Kind       ErrorKind
	StatusCode int    // HTTP status, 0 when there was no answer
	Code       string // the API's error code, e.g. "Throttling.User"
	Message    string // the API's message, without the SDK's decorations
	RequestID  string
	Attempts   int
	// RetryAfter is the TimeLeft of a throttled answer, 0 when it gave none.
	RetryAfter time.Duration
	// Throttles counts the call's throttled attempts, and Paced is how long
	// it waited for its turns under the rate limit.
	Throttles int
	Paced     time.Duration
	// Endpoint is where the request went, set when the endpoint could not
	// be used (KindUnusableEndpoint).
	Endpoint Endpoint
	Err      error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed", e.Action)
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	} else if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.Throttles > 0 {
		fmt.Fprintf(&b, ", %d throttled", e.Throttles)
	}
	return b.String()
}

func (e *APIError) Unwrap() error { return e.Err }

// IsKind reports whether err is an *APIError of the given kind.
func IsKind(err error, kind ErrorKind) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Kind == kind
}

// authenticationCodes are the API's answers to bad keys, tokens and signatures.
var authenticationCodes = []string{
	"InvalidAccessKeyId",
	"SignatureDoesNotMatch",
	"SignatureNonceUsed",
	"IncompleteSignature",
	"InvalidSecurityToken",
	"InvalidTimeStamp",
	"Forbidden",
	"NoPermission",
	"InvalidAccessKeySecret",
	"MissingSecurityToken",
}

var transientCodes = []string{
	"ServiceUnavailable",
	"InternalError",
	"UnknownError",
	"RequestTimeout",
}

func hasCodePrefix(code string, prefixes []string) bool {
	for _, p := range prefixes {
		if code == p || strings.HasPrefix(code, p+".") {
			return true
		}
	}
	return false
}

// classify turns whatever the SDK returned into an *APIError.
func classify(action string, err error) *APIError {
	err = withoutQuery(err)
	apiErr := &APIError{Action: action, Err: err}

	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		apiErr.Kind = KindCancelled
		return apiErr
	}

	var respErr dara.ResponseError
	if errors.As(err, &respErr) {
		apiErr.StatusCode = dara.IntValue(respErr.GetStatusCode())
		apiErr.Code = dara.StringValue(respErr.GetCode())
		data := respErr.GetData()
		apiErr.RequestID = stringField(data, "RequestId")
		apiErr.Message = stringField(data, "Message")
		apiErr.RetryAfter = time.Duration(dara.Int64Value(respErr.GetRetryAfter())) * time.Millisecond
		apiErr.Kind = kindOfResponse(apiErr.StatusCode, apiErr.Code)
		return apiErr
	}

	apiErr.Kind = kindOfFailure(err)
	return apiErr
}

// kindOfFailure classifies an error that carries no answer from the API.
func kindOfFailure(err error) ErrorKind {
	var netErr net.Error
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	// Before net.Error, which the url.Error around it is: retrying cannot
	// make a certificate trusted.
	if errors.As(err, &certErr) || errors.As(err, &unknownCA) {
		return KindUntrustedCertificate
	}
	// Before net.Error too: retrying cannot fix a setting.
	if unusableEndpoint(err) {
		return KindUnusableEndpoint
	}
	// A body cut short is unexpected EOF; a connection closed before any
	// answer is plain EOF, and retrying that is worth it.
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) || errors.Is(err, io.ErrUnexpectedEOF) {
		return KindInvalidResponse
	}
	if errors.As(err, &netErr) || isConnectionFailure(err) {
		return KindTransient
	}
	return KindUnknown
}

// httpFromHTTPS is how net/http reports an HTTP answer to an HTTPS request;
// it has no error type for it (net/http's transport.go).
const httpFromHTTPS = "server gave HTTP response to HTTPS client"

// unusableEndpoint recognises failures that only a change of the endpoint
// settings fixes: a host the DNS says does not exist (not a DNS server that
// failed or timed out), an address that is not one, such as an invalid
// port, and an endpoint that speaks HTTP where HTTPS was asked.
func unusableEndpoint(err error) bool {
	var dnsErr *net.DNSError
	var addrErr *net.AddrError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound || errors.As(err, &addrErr) ||
		strings.Contains(err.Error(), httpFromHTTPS)
}

// EndpointProblem says, for an unusable endpoint, what is wrong with it.
func (e *APIError) EndpointProblem() string {
	var dnsErr *net.DNSError
	var addrErr *net.AddrError
	if e.Kind != KindUnusableEndpoint {
		return ""
	}
	if errors.As(e.Err, &dnsErr) {
		return fmt.Sprintf("the DNS has no host %s", dnsErr.Name)
	}
	if errors.As(e.Err, &addrErr) {
		return fmt.Sprintf("the address is not valid: %s", addrErr.Err)
	}
	return "the server speaks HTTP, not HTTPS"
}

// withoutQuery hides the query of the request URL that net/http quotes in
// a transport error: RunCommand's carries the script and its parameters.
// The error keeps its chain, so it is classified as before.
func withoutQuery(err error) error {
	var urlErr *url.Error
	if !errors.As(err, &urlErr) {
		return err
	}
	full := urlErr.URL
	urlErr.URL = hostOnly(full)
	if error(urlErr) == err {
		return err
	}
	// A wrapper may have formatted the URL into its own message already.
	return &redactedError{text: strings.ReplaceAll(err.Error(), full, urlErr.URL), err: err}
}

// hostOnly is the scheme, host and path of a request URL.
func hostOnly(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(URL withheld)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// redactedError is an error whose message had a URL's query removed.
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// invalidInputCodes reject a request's parameters or the server's state,
// in SWAS's spelling (InvalidParam, 403; RegionIdNotMatchHost) and ECS's
// (InvalidParameter): SWAS answers some with 403, which is not a
// credentials problem.
var invalidInputCodes = []string{
	"InvalidParam",
	"InvalidParameter",
	"IncorrectInstanceStatus",
	"RegionIdNotMatchHost",
	"QuotaExceed",
}

func kindOfResponse(status int, code string) ErrorKind {
	if strings.HasPrefix(code, "Throttling") || status == http.StatusTooManyRequests {
		return KindThrottled
	}
	if hasCodePrefix(code, invalidInputCodes) {
		return KindInvalidInput
	}
	// Not every 403: SWAS answers business errors with it (InvalidParam and
	// IncorrectInstanceStatus in its reference, ECS's
	// InvalidStatus.CmdIdInUse), which the catch-all below makes invalid
	// input. Only the codes of keys, signatures and permissions, and 401,
	// are the credentials' fault.
	if hasCodePrefix(code, authenticationCodes) || status == http.StatusUnauthorized {
		return KindAuthentication
	}
	if strings.Contains(code, "NotFound") || status == http.StatusNotFound {
		return KindNotFound
	}
	if hasCodePrefix(code, transientCodes) || status >= 500 {
		return KindTransient
	}
	if status >= 400 {
		return KindInvalidInput
	}
	return KindUnknown
}

// isConnectionFailure recognises failures the standard library reports
// without a net.Error, such as a connection closed before any answer.
func isConnectionFailure(err error) bool {
	msg := err.Error()
	for _, s := range []string{"EOF", "connection reset", "connection refused", "broken pipe", "server closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func stringField(data map[string]any, key string) string {
	if v, ok := data[key].(string); ok {
		return v
	}
	return ""
}
