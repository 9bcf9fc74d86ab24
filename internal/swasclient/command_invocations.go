package swasclient

import (
	"context"
	"errors"
	"maps"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
)

var errMissingInvocation = errors.New("the response does not list the invocation")

// InvokeCommandInput is InvokeCommand's request: a saved command run on
// several servers (at most 50) under one invoke id.
type InvokeCommandInput struct {
	RegionID    string
	CommandID   string
	InstanceIDs []string
	// Parameters fill the saved command's {{name}} placeholders.
	Parameters map[string]string
	// Username is the user the command runs as; empty leaves the API's
	// default (root on Linux, system on Windows).
	Username string
}

// InvokeCommand starts a saved command on every server named. Like
// RunCommand it is not idempotent and takes no client token, so it is
// retried only when the API surely did not run it (see notSent);
// MayHaveRun tells the other failures apart for the caller.
func (c *Client) InvokeCommand(ctx context.Context, in InvokeCommandInput) (*StartedInvocation, error) {
	// InstanceIds is a string that holds a JSON array (the SDK's field is a
	// string), and Parameters one JSON object, as the SDK encodes it.
	query := map[string]any{"RegionId": in.RegionID, "CommandId": in.CommandID, "InstanceIds": dara.Stringify(in.InstanceIDs)}
	if len(in.Parameters) > 0 {
		query["Parameters"] = parametersJSON(in.Parameters)
	}
	setOptional(query, map[string]string{"Username": in.Username})
	answer, err := c.callRetrying(ctx, invokeCommand, in.RegionID, query, notSent)
	if err != nil {
		return nil, err
	}
	var resp swas.InvokeCommandResponse
	if err := decode(invokeCommand, answer, &resp); err != nil {
		return nil, err
	}
	if resp.Body == nil || dara.StringValue(resp.Body.InvokeId) == "" {
		return nil, &APIError{Action: invokeCommand, Kind: KindInvalidResponse, Err: errMissingInvokeID,
			RequestID: requestIDOf(answer), Attempts: 1}
	}
	return &StartedInvocation{InvokeID: dara.StringValue(resp.Body.InvokeId), RequestID: dara.StringValue(resp.Body.RequestId)}, nil
}

// CommandInvocation is one invocation of a saved command, with every
// server's result, as DescribeCommandInvocations returns it.
type CommandInvocation struct {
	RequestID        string
	InvokeID         string
	CommandID        string
	CommandName      string
	InvocationStatus string // overall: Pending, Running, Stopping, Success, Failed, Stopped or PartialFailed
	Username         string
	Parameters       string // a JSON object
	Instances        []InstanceResult
}

// InstanceResult is one server's part of a CommandInvocation.
type InstanceResult struct {
	InstanceID       string
	InvocationStatus string
	ExitCode         *int64
	ErrorCode        string
	ErrorInfo        string
	StartTime        string
	FinishTime       string
	OutputBase64     string
}

// Finished reports whether every server's status is final.
func (inv *CommandInvocation) Finished() bool {
	for _, in := range inv.Instances {
		if InProgress(in.InvocationStatus) {
			return false
		}
	}
	return len(inv.Instances) > 0
}

// DescribeCommandInvocation reads one invocation of a saved command, every
// server's result included, in one request.
func (c *Client) DescribeCommandInvocation(ctx context.Context, region, invokeID string) (*CommandInvocation, error) {
	page, err := c.describeCommandInvocations(ctx, region, map[string]any{"InvokeId": invokeID}, 1)
	if err != nil {
		return nil, err
	}
	for _, inv := range page.invocations {
		if inv.InvokeID == invokeID {
			return inv, nil
		}
	}
	// An invocation the API does not list is unknown, as a
	// DescribeInvocationResult answer would say.
	return nil, &APIError{Action: describeCommandInvocations, Kind: KindNotFound, Code: "InvalidInvokeId.NotFound",
		Err: errMissingInvocation, RequestID: page.requestID, Attempts: 1}
}

// commandInvocationsPage is one page of DescribeCommandInvocations.
type commandInvocationsPage struct {
	requestID   string
	invocations []*CommandInvocation
	totalCount  int
}

// describeCommandInvocations reads page number (from 1) of the
// invocations that filter selects, in pages of commandsPageSize.
func (c *Client) describeCommandInvocations(ctx context.Context, region string, filter map[string]any, number int) (*commandInvocationsPage, error) {
	query := map[string]any{"RegionId": region, "PageNumber": number, "PageSize": commandsPageSize}
	maps.Copy(query, filter)
	answer, err := c.call(ctx, describeCommandInvocations, region, query)
	if err != nil {
		return nil, err
	}
	var resp swas.DescribeCommandInvocationsResponse
	if err := decode(describeCommandInvocations, answer, &resp); err != nil {
		return nil, err
	}
	if resp.Body == nil {
		return nil, &APIError{Action: describeCommandInvocations, Kind: KindInvalidResponse, Err: errMissingBody,
			RequestID: requestIDOf(answer), Attempts: 1}
	}
	page := &commandInvocationsPage{requestID: dara.StringValue(resp.Body.RequestId), totalCount: int(dara.Int32Value(resp.Body.TotalCount))}
	for _, ci := range resp.Body.CommandInvocations {
		if ci != nil {
			page.invocations = append(page.invocations, commandInvocationFrom(page.requestID, ci))
		}
	}
	return page, nil
}

func commandInvocationFrom(requestID string, ci *swas.DescribeCommandInvocationsResponseBodyCommandInvocations) *CommandInvocation {
	inv := &CommandInvocation{
		RequestID: requestID, InvokeID: dara.StringValue(ci.InvokeId), CommandID: dara.StringValue(ci.CommandId),
		CommandName: dara.StringValue(ci.CommandName), InvocationStatus: dara.StringValue(ci.InvocationStatus),
		Username: dara.StringValue(ci.Username), Parameters: dara.StringValue(ci.Parameters),
	}
	for _, in := range ci.InvokeInstances {
		if in == nil {
			continue
		}
		inv.Instances = append(inv.Instances, InstanceResult{
			InstanceID: dara.StringValue(in.InstanceId), InvocationStatus: dara.StringValue(in.InvocationStatus),
			ExitCode: in.ExitCode, ErrorCode: dara.StringValue(in.ErrorCode), ErrorInfo: dara.StringValue(in.ErrorInfo),
			StartTime: dara.StringValue(in.StartTime), FinishTime: dara.StringValue(in.FinishTime),
			OutputBase64: fleetOutputBase64(dara.StringValue(in.Output)),
		})
	}
	return inv
}

// WaitForCommandInvocation reads the invocation until every server's
// status is final or ctx ends: one DescribeCommandInvocations request a
// poll for the whole fleet, spaced by opts.Poll and shared by waits on the
// same invocation. watch, if not nil, sees every read, the final one
// included, as a rollout counts failures before the whole batch ends and
// an action reports progress. When ctx ends first it returns a
// *CommandWaitTimeoutError with the last invocation read.
func (c *Client) WaitForCommandInvocation(ctx context.Context, region, invokeID string, opts WaitOptions,
	watch func(*CommandInvocation),
) (*CommandInvocation, error) {
	key, err := c.pollKey(describeCommandInvocations, region, "fleet", invokeID)
	if err != nil {
		return nil, err
	}
	return poller[CommandInvocation]{
		polls:         c.pacer.polls,
		key:           key,
		id:            invokeID,
		schedule:      opts.Poll,
		notFoundGrace: opts.NotFoundGrace,
		round: func(ctx context.Context, _ []string) (any, error) {
			inv, err := c.DescribeCommandInvocation(ctx, region, invokeID)
			if err != nil {
				return nil, err
			}
			return inv, nil
		},
		read: func(answer any, err error) (*CommandInvocation, error) {
			if err != nil {
				return nil, err
			}
			return answer.(*CommandInvocation), nil //nolint:forcetypeassert // every round of a fleet's group reads one
		},
		final: (*CommandInvocation).Finished,
		watch: watch,
		stopped: func(last *CommandInvocation, reads int, waited time.Duration, err error) error {
			return newCommandWaitTimeout(last, reads, waited, err)
		},
	}.run(ctx)
}

// CommandWaitTimeoutError is returned when ctx ends before every server
// finished. It wraps a *WaitTimeoutError whose Last holds the invocation's
// overall status, so it reads like a wait for one server.
type CommandWaitTimeoutError struct {
	// Last is the last invocation read, nil if none was.
	Last *CommandInvocation
	Wait *WaitTimeoutError
}

func newCommandWaitTimeout(last *CommandInvocation, reads int, waited time.Duration, err error) *CommandWaitTimeoutError {
	wait := &WaitTimeoutError{Reads: reads, Waited: waited, Err: err}
	if last != nil {
		wait.Last = &InvocationResult{RequestID: last.RequestID, InvokeID: last.InvokeID, InvocationStatus: last.InvocationStatus}
	}
	return &CommandWaitTimeoutError{Last: last, Wait: wait}
}

func (e *CommandWaitTimeoutError) Error() string { return e.Wait.Error() }

func (e *CommandWaitTimeoutError) Unwrap() error { return e.Wait }
