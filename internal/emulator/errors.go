package emulator

import (
	"fmt"
	"net/http"
)

// The codes the emulator answers. "Real" codes are those the Alibaba Cloud
// gateway documents or returns; messages are close to, not always exactly,
// the real ones. Codes marked invented are plausible guesses for SWAS.
//
//	Code                                        HTTP  When                                   Source
//	MissingAccessKeyId                          400   no Authorization header                real
//	InvalidSignatureMethod                      400   not ACS3-HMAC-SHA256 (incl. V2 RPC)    real
//	IncompleteSignature                         400   malformed Authorization, unsigned hdr  real
//	InvalidAccessKeyId.NotFound                 404   unknown access key                     real
//	InvalidTimeStamp.Format                     400   x-acs-date missing or malformed        real
//	InvalidTimeStamp.Expired                    400   x-acs-date off by over 15 minutes      real
//	MissingSignatureNonce                       400   no x-acs-signature-nonce               real (V2 name)
//	SignatureDoesNotMatch                       400   wrong secret or tampered request       real
//	MissingSecurityToken                        400   STS key without x-acs-security-token   real
//	InvalidSecurityToken.MismatchWithAccessKey  400   token not the key's                    real
//	InvalidSecurityToken.Expired                400   token past Expiration                  real
//	SignatureNonceUsed                          400   nonce replayed                         real
//	UnsupportedHTTPMethod                       400   not GET or POST                        real
//	MissingAction, MissingVersion               400   no action or version                   real pattern
//	InvalidVersion                              400   version is not 2020-06-01              real
//	InvalidAction.NotFound                      404   unknown action                         real
//	Throttling.User                             400   RateLimit or Fault.Throttle exceeded   real
//	InternalError                               500   Fault.FailStatus 500                   real
//	ServiceUnavailable                          503   Fault.FailStatus 503                   real
//	Missing{Parameter} (e.g. MissingInstanceId) 400   required parameter absent              real pattern
//	InvalidParameter                            400   bad value (PageSize, Type, Timeout...) real code
//	InvalidRegionId.NotFound                    404   unknown RegionId                       invented
//	InvalidInstanceId.NotFound                  404   unknown, released or other region      invented
//	InvalidInvokeId.NotFound                    404   unknown, expired or other instance     invented
//	IncorrectInstanceStatus                     403   RunCommand on a non-Running instance   invented (ECS code)
//	InvalidCommandId.NotFound                   404   unknown or deleted saved command       invented (ECS code)
//	QuotaExceed.Command                         403   more than MaxCommands in a region      invented

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
