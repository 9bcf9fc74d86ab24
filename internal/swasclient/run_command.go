package swasclient

import (
	"context"
	"errors"
	"net"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
)

var errMissingInvokeID = errors.New("the response has no InvokeId")

// RunCommandInput is RunCommand's request. CommandContent is the script as
// plain text: SWAS's RunCommand has no ContentEncoding parameter and takes
// it as is.
type RunCommandInput struct {
	RegionID       string
	InstanceID     string
	Name           string
	Type           string // RunShellScript, RunBatScript or RunPowerShellScript
	CommandContent string
	// Timeout is in seconds; 0 leaves the API's default (60).
	Timeout             int64
	WorkingDir          string
	WorkingUser         string
	WindowsPasswordName string
	EnableParameter     bool
	// Parameters fill the {{name}} placeholders when EnableParameter is set.
	Parameters map[string]string
}

// StartedInvocation is RunCommand's answer.
type StartedInvocation struct {
	InvokeID  string
	RequestID string
}

// RunCommand starts a command on a server.
//
// RunCommand is not idempotent and, unlike ECS's, takes no ClientToken: a
// retry after a request that reached the API could run the command twice.
// So it is retried only when the API surely did not run it (see notSent),
// never after a 5xx answer, a dropped connection or a missing answer, which
// may all come after the command started; MayHaveRun tells those apart for
// the caller.
func (c *Client) RunCommand(ctx context.Context, in RunCommandInput) (*StartedInvocation, error) {
	answer, err := c.callRetrying(ctx, runCommand, in.RegionID, in.query(), notSent)
	if err != nil {
		return nil, err
	}
	return startedFrom(answer)
}

func (in RunCommandInput) query() map[string]any {
	query := map[string]any{
		"RegionId":       in.RegionID,
		"InstanceId":     in.InstanceID,
		"Name":           in.Name,
		"Type":           in.Type,
		"CommandContent": in.CommandContent,
	}
	optional := map[string]string{
		"WorkingDir":          in.WorkingDir,
		"WorkingUser":         in.WorkingUser,
		"WindowsPasswordName": in.WindowsPasswordName,
	}
	for name, value := range optional {
		if value != "" {
			query[name] = value
		}
	}
	if in.Timeout != 0 {
		query["Timeout"] = in.Timeout
	}
	if in.EnableParameter {
		query["EnableParameter"] = true
	}
	if len(in.Parameters) > 0 {
		query["Parameters"] = parametersJSON(in.Parameters)
	}
	return query
}

func startedFrom(answer map[string]any) (*StartedInvocation, error) {
	var resp swas.RunCommandResponse
	if err := decode(runCommand, answer, &resp); err != nil {
		return nil, err
	}
	if resp.Body == nil || dara.StringValue(resp.Body.InvokeId) == "" {
		return nil, &APIError{Action: runCommand, Kind: KindInvalidResponse, Err: errMissingInvokeID,
			RequestID: requestIDOf(answer), Attempts: 1}
	}
	return &StartedInvocation{InvokeID: dara.StringValue(resp.Body.InvokeId), RequestID: dara.StringValue(resp.Body.RequestId)}, nil
}

// notSent reports whether a failed call surely never ran the action: the
// API throttled it (flow control turns requests away before they run), or
// no connection could be opened, so nothing was sent.
func notSent(e *APIError) bool {
	if e.Kind == KindThrottled {
		return true
	}
	var opErr *net.OpError
	return e.Kind == KindTransient && errors.As(e.Err, &opErr) && opErr.Op == "dial"
}

// MayHaveRun reports whether a failed RunCommand may have started the
// command anyway: the failure came after the request may have reached the
// API (a 5xx answer, a dropped connection, no answer in time, an answer
// that cannot be read). Rejections the API answered clearly (credentials,
// parameters, unknown instance) mean it did not run; nil means it started.
func MayHaveRun(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return err != nil
	}
	switch apiErr.Kind {
	case KindTransient:
		return !notSent(apiErr)
	case KindCancelled:
		// Attempts counts the requests sent; none when the context ended first.
		return apiErr.Attempts > 0
	case KindInvalidResponse, KindUnknown:
		return true
	}
	return false
}

// NothingSent reports whether err is a call, or a wait, whose context ended
// before any request was sent: a limit too short for even one, or an
// interrupt.
func NothingSent(err error) bool {
	var wait *WaitTimeoutError
	var agent *AgentOfflineError
	if errors.As(err, &wait) && wait.Reads > 1 || errors.As(err, &agent) && agent.Reads > 1 {
		return false
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Kind == KindCancelled && apiErr.Attempts == 0
}
