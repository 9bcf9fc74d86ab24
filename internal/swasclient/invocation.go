package swasclient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
)

// Values of InvocationStatus, as the API reference lists them.
const (
	StatusPending    = "Pending"
	StatusRunning    = "Running"
	StatusStopping   = "Stopping"
	StatusSuccess    = "Success"
	StatusFailed     = "Failed"
	StatusError      = "Error"
	StatusTimeout    = "Timeout"
	StatusCancelled  = "Cancelled"
	StatusTerminated = "Terminated"
	StatusInvalid    = "Invalid"
	StatusAborted    = "Aborted"
)

// InProgressStatuses may still change; waiting polls through them.
var InProgressStatuses = []string{StatusPending, StatusRunning, StatusStopping}

// TerminalStatuses are final. A status the API adds later is treated as
// final too: waiting stops on it, and it is never mistaken for success.
var TerminalStatuses = []string{
	StatusSuccess, StatusFailed, StatusError, StatusTimeout,
	StatusCancelled, StatusTerminated, StatusInvalid, StatusAborted,
}

// InProgress reports whether an invocation in this status may still change.
func InProgress(status string) bool {
	return slices.Contains(InProgressStatuses, status)
}

// KnownStatus reports whether the API reference lists this status.
func KnownStatus(status string) bool {
	return InProgress(status) || slices.Contains(TerminalStatuses, status)
}

// InvocationRef names one command run on one server.
type InvocationRef struct {
	RegionID   string
	InstanceID string
	InvokeID   string
}

// InvocationResult is DescribeInvocationResult's answer, with absent
// fields as empty strings and ExitCode nil when the API gave none.
type InvocationResult struct {
	RequestID          string
	InstanceID         string
	InvokeID           string
	InvocationStatus   string
	InvokeRecordStatus string
	ExitCode           *int64
	ErrorCode          string
	ErrorInfo          string
	StartTime          string
	FinishedTime       string
	InvokeUser         string
	OutputBase64       string
}

// DescribeInvocationResult reads the result of one invocation.
func (c *Client) DescribeInvocationResult(ctx context.Context, ref InvocationRef) (*InvocationResult, error) {
	answer, err := c.call(ctx, describeInvocationResult, ref.RegionID, map[string]any{
		"RegionId":   ref.RegionID,
		"InstanceId": ref.InstanceID,
		"InvokeId":   ref.InvokeID,
	})
	if err != nil {
		return nil, err
	}
	return invocationResultFrom(answer)
}

// invocationResultFrom maps DescribeInvocationResult's answer, whatever it
// holds, to a result or an error.
func invocationResultFrom(answer map[string]any) (*InvocationResult, error) {
	var resp swas.DescribeInvocationResultResponse
	if err := decode(describeInvocationResult, answer, &resp); err != nil {
		return nil, err
	}
	if resp.Body == nil || resp.Body.InvocationResult == nil {
		return nil, &APIError{Action: describeInvocationResult, Kind: KindInvalidResponse, Err: errMissingResult,
			RequestID: requestIDOf(answer), Attempts: 1}
	}
	r := resp.Body.InvocationResult
	return &InvocationResult{
		RequestID:          dara.StringValue(resp.Body.RequestId),
		InstanceID:         dara.StringValue(r.InstanceId),
		InvokeID:           dara.StringValue(r.InvokeId),
		InvocationStatus:   dara.StringValue(r.InvocationStatus),
		InvokeRecordStatus: dara.StringValue(r.InvokeRecordStatus),
		ExitCode:           r.ExitCode,
		ErrorCode:          dara.StringValue(r.ErrorCode),
		ErrorInfo:          dara.StringValue(r.ErrorInfo),
		StartTime:          dara.StringValue(r.StartTime),
		FinishedTime:       dara.StringValue(r.FinishedTime),
		InvokeUser:         dara.StringValue(r.InvokeUser),
		OutputBase64:       dara.StringValue(r.Output),
	}, nil
}

// PollSchedule spaces the reads of a running invocation: about a tenth of
// the time waited so far, so a short command is noticed quickly and a long
// one costs few calls, bounded by Min and Max.
type PollSchedule struct {
	Min time.Duration
	Max time.Duration
}

// DefaultPollSchedule is used when waiting for completion.
var DefaultPollSchedule = PollSchedule{Min: time.Second, Max: 15 * time.Second}

func (p PollSchedule) next(waited time.Duration) time.Duration {
	interval := min(max(waited/10, p.Min), p.Max)
	// Jitter only shortens the interval, so the bound above still holds.
	return interval - time.Duration(rand.Float64()*0.2*float64(interval))
}

// WaitOptions tune WaitForInvocation.
type WaitOptions struct {
	Poll PollSchedule
	// NotFoundGrace is how long an invoke id that is not found yet is read
	// again: a command started a moment ago may not be visible at once.
	NotFoundGrace time.Duration
}

// DefaultWaitOptions are what the data source uses.
var DefaultWaitOptions = WaitOptions{Poll: DefaultPollSchedule, NotFoundGrace: 30 * time.Second}

// WaitTimeoutError is returned when ctx ends before the invocation finished.
type WaitTimeoutError struct {
	// Last is the last result read, nil if none was.
	Last   *InvocationResult
	Reads  int
	Waited time.Duration
	Err    error
}

func (e *WaitTimeoutError) Error() string {
	waited := e.Waited.Round(time.Second)
	if e.Last == nil {
		return fmt.Sprintf("stopped waiting after %s and %d reads without reading the invocation", waited, e.Reads)
	}
	return fmt.Sprintf("invocation %s was still %s after waiting %s (%d reads)", e.Last.InvokeID, e.Last.InvocationStatus, waited, e.Reads)
}

func (e *WaitTimeoutError) Unwrap() error { return e.Err }

// WaitForInvocation reads the invocation until its status is final or ctx
// ends, and returns the final result. Waits on the same server share
// their polls: alone, a wait reads its result; with others, each round is
// one DescribeInvocations for them all, and a run that ended, or that the
// listing does not show, is read on its own for its full result.
func (c *Client) WaitForInvocation(ctx context.Context, ref InvocationRef, opts WaitOptions) (*InvocationResult, error) {
	return c.WaitForInvocationWatched(ctx, ref, opts, nil)
}

// WaitForInvocationWatched is WaitForInvocation that hands watch every
// result it reads, as it reads it, e.g. to report progress.
func (c *Client) WaitForInvocationWatched(ctx context.Context, ref InvocationRef, opts WaitOptions, watch func(*InvocationResult)) (*InvocationResult, error) {
	key, err := c.pollKey(describeInvocationResult, ref.RegionID, "invocations", ref.InstanceID)
	if err != nil {
		return nil, err
	}
	return poller[InvocationResult]{
		polls:         c.pacer.polls,
		key:           key,
		id:            ref.InvokeID,
		schedule:      opts.Poll,
		notFoundGrace: opts.NotFoundGrace,
		round: func(ctx context.Context, invokeIDs []string) (any, error) {
			if len(invokeIDs) == 1 {
				one := InvocationRef{RegionID: ref.RegionID, InstanceID: ref.InstanceID, InvokeID: invokeIDs[0]}
				result, err := c.DescribeInvocationResult(ctx, one)
				return invocationRead{invokeID: one.InvokeID, result: result, err: err}, nil
			}
			list, err := c.DescribeInvocations(ctx, InvocationFilter{RegionID: ref.RegionID, InstanceID: ref.InstanceID}, invocationsPageSize)
			if err != nil {
				return nil, err
			}
			return list, nil
		},
		read: func(answer any, err error) (*InvocationResult, error) {
			return c.invocationFrom(ctx, ref, answer, err)
		},
		final: func(r *InvocationResult) bool { return !InProgress(r.InvocationStatus) },
		watch: watch,
		stopped: func(last *InvocationResult, reads int, waited time.Duration, err error) error {
			return &WaitTimeoutError{Last: last, Reads: reads, Waited: waited, Err: err}
		},
	}.run(ctx)
}

// invocationRead is a round that read one invocation's result.
type invocationRead struct {
	invokeID string
	result   *InvocationResult
	err      error
}

// invocationFrom is ref's result from a round's answer: the round's read
// of it, or its status in the server's listing while it runs. A run the
// listing shows ended, or does not show, or a round that failed, costs a
// read of its own.
func (c *Client) invocationFrom(ctx context.Context, ref InvocationRef, answer any, err error) (*InvocationResult, error) {
	if read, ok := answer.(invocationRead); ok && read.invokeID == ref.InvokeID {
		return read.result, read.err
	}
	if list, ok := answer.(*InvocationList); ok && err == nil {
		for _, inv := range list.Invocations {
			if inv.InvokeID == ref.InvokeID && InProgress(inv.InvocationStatus) {
				return &InvocationResult{
					RequestID: list.RequestIDs[len(list.RequestIDs)-1], InstanceID: ref.InstanceID, InvokeID: ref.InvokeID,
					InvocationStatus: inv.InvocationStatus, InvokeRecordStatus: inv.InvokeStatus,
				}, nil
			}
		}
	}
	return c.DescribeInvocationResult(ctx, ref)
}
