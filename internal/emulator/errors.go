package emulator

import (
	"fmt"
	"net/http"
)

// apiError is a failure answered the way SWAS OpenAPI answers it: an HTTP
// status and a JSON body with Code and Message.
type apiError struct {
	status  int
	code    string
	message string
}

func newError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// errMissing follows the gateway's Missing{ParameterName} convention.
func errMissing(name string) *apiError {
	return newError(http.StatusBadRequest, "Missing"+name, "%s is mandatory for this action.", name)
}

func errInvalidParameter(name, reason string) *apiError {
	return newError(http.StatusBadRequest, "InvalidParameter", "The specified parameter %q is not valid: %s.", name, reason)
}

func errThrottled() *apiError {
	return newError(http.StatusBadRequest, "Throttling.User", "Request was denied due to user flow control.")
}

// errServer answers an injected server failure with the real code for the
// status.
func errServer(status int) *apiError {
	if status == http.StatusServiceUnavailable {
		return newError(status, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
	}
	return newError(status, "InternalError", "The request processing has failed due to some unknown error, exception or failure.")
}
