package emulator

import (
	"fmt"
	"net/http"
)

// The codes the emulator answers, with the HTTP status and where each comes
// from: "SWAS" codes are in the SWAS OpenAPI reference; "gateway" codes are
// answered by Alibaba Cloud's API gateway for every product and documented
// there; "ECS CA" codes are Cloud Assistant's in the ECS reference, which
// SWAS's Cloud Assistant actions mirror; "assumed" codes are not
// documented for SWAS and are our best guess. Messages are close to, not
// always exactly, the real ones.
//
//	Code                                        HTTP  When                                      Source
//	MissingAccessKeyId                          400   no Authorization header                   gateway
//	InvalidSignatureMethod                      400   not ACS3-HMAC-SHA256 (incl. V2 RPC)       gateway
//	IncompleteSignature                         400   malformed Authorization, unsigned header  gateway
//	InvalidAccessKeyId.NotFound                 404   unknown access key                        gateway
//	InvalidTimeStamp.Format                     400   x-acs-date missing or malformed           gateway
//	InvalidTimeStamp.Expired                    400   x-acs-date off by over 15 minutes         gateway
//	MissingSignatureNonce                       400   no x-acs-signature-nonce                  gateway (V2 name)
//	SignatureDoesNotMatch                       400   wrong secret or tampered request          gateway
//	MissingSecurityToken                        400   STS key without x-acs-security-token      gateway
//	InvalidSecurityToken.MismatchWithAccessKey  400   token not the key's                       gateway
//	InvalidSecurityToken.Expired                400   token past Expiration                     gateway
//	SignatureNonceUsed                          400   nonce replayed                            gateway
//	UnsupportedHTTPMethod                       400   not GET or POST                           gateway
//	MissingAction, MissingVersion               400   no action or version                      gateway
//	InvalidVersion                              400   version is not 2020-06-01                 gateway
//	InvalidAction.NotFound                      404   unknown action                            gateway
//	Throttling.User                             400   RateLimit or Fault.Throttle exceeded      gateway
//	                                                  Fault.ThrottleShare drew the request      gateway (code); without
//	                                                                                            x-ratelimit-user-api: assumed
//	InternalError                               500   Fault.FailStatus 500                      gateway
//	ServiceUnavailable                          503   Fault.FailStatus 503                      gateway
//	Missing{Parameter} (e.g. MissingInstanceId) 400   required parameter absent                 gateway pattern
//	RegionIdNotMatchHost                        400   a region this endpoint does not serve     SWAS
//	InvalidParam                                403   bad value (PageSize, Type, Timeout...)    SWAS
//	InvalidInstanceId.NotFound                  404   unknown, released or other region         SWAS
//	IncorrectInstanceStatus                     403   RunCommand on a server not Running        SWAS
//	InvalidInvokeId.NotFound                    404   unknown, expired or other instance        ECS CA
//	InvalidCommandId.NotFound                   404   unknown or deleted saved command          ECS CA
//	InvalidStatus.CmdIdInUse                    403   DeleteCommand while the command runs      ECS CA
//	QuotaExceed.Command                         403   more than MaxCommands in a region         assumed
//
// ECS CA's codes are from ECS's API reference, e.g. DeleteCommand's
// (alibabacloud.com/help/en/ecs/api-deletecommand: "403
// InvalidStatus.CmdIdInUse The specified commandId is in use by some
// running Invocation.", its spelling corrected).
//
// The ErrorCode of a command run (InvocationResult.ErrorCode, errorInfos in
// world.go) is the SDK's documented list. A command sent while the agent is
// offline ends Invalid, one whose agent drops before delivery Aborted, both
// with ClientNotRunning: the statuses are ECS CA's, the pairing assumed.

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

func errInvalidParam(name, reason string) *apiError {
	return newError(http.StatusForbidden, "InvalidParam", "The specified parameter %q is not valid: %s.", name, reason)
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
