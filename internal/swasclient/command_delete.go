package swasclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// commandInUse reports whether the API refused to delete a saved command
// because it is being run. SWAS documents no code for it; ECS's
// DeleteCommand answers InvalidStatus.CmdIdInUse (403), which the emulator
// answers too. Any code that says the command is in use counts.
func commandInUse(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && strings.Contains(apiErr.Code, "InUse")
}

// CommandInUseError is returned by DeleteCommandWhenIdle when ctx ends
// while the API still refuses to delete the command because it is being
// run.
type CommandInUseError struct {
	CommandID string
	// Running are the invocations of the command last read as running, each
	// with the servers it still runs on; empty when none could be read.
	Running []*CommandInvocation
	// Attempts counts the requests to delete it.
	Attempts int
	Waited   time.Duration
	Err      error
}

func (e *CommandInUseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "command %s was still being run after waiting %s (%d attempts to delete it)", e.CommandID,
		e.Waited.Round(time.Second), e.Attempts)
	if len(e.Running) > 0 {
		b.WriteString(": ")
		b.WriteString(e.RunningDescription())
	}
	return b.String()
}

func (e *CommandInUseError) Unwrap() error { return e.Err }

// RunningDescription lists the invocations still running, e.g. "t-1
// (Running on s1, s2)".
func (e *CommandInUseError) RunningDescription() string {
	runs := make([]string, 0, len(e.Running))
	for _, inv := range e.Running {
		var servers []string
		for _, in := range inv.Instances {
			if InProgress(in.InvocationStatus) {
				servers = append(servers, in.InstanceID)
			}
		}
		runs = append(runs, fmt.Sprintf("%s (%s on %s)", inv.InvokeID, inv.InvocationStatus, strings.Join(servers, ", ")))
	}
	return strings.Join(runs, ", ")
}

// commandUse is what one attempt to delete a saved command found.
type commandUse struct {
	deleted bool
	running []*CommandInvocation
}

// DeleteCommandWhenIdle deletes a saved command, waiting while it is being
// run: "You cannot delete commands that are being run" (DeleteCommand's
// description). Each attempt the API refuses reads which invocations
// still run, for the error if ctx ends first; attempts are spaced by poll
// in the one poll loop. A command that is not found is an *APIError of
// KindNotFound, as DeleteCommand's.
func (c *Client) DeleteCommandWhenIdle(ctx context.Context, region, commandID string, poll PollSchedule) error {
	key, err := c.pollKey(deleteCommand, region, "command deletion", commandID)
	if err != nil {
		return err
	}
	attempts := 0
	_, err = poller[commandUse]{
		polls:    c.pacer.polls,
		key:      key,
		id:       commandID,
		schedule: poll,
		round: func(ctx context.Context, _ []string) (any, error) {
			attempts++
			err := c.DeleteCommand(ctx, region, commandID)
			if err == nil {
				return &commandUse{deleted: true}, nil
			}
			if !commandInUse(err) {
				return nil, err
			}
			running, err := c.runningInvocations(ctx, region, commandID)
			if err != nil {
				return nil, err
			}
			return &commandUse{running: running}, nil
		},
		read: func(answer any, err error) (*commandUse, error) {
			if err != nil {
				return nil, err
			}
			return answer.(*commandUse), nil //nolint:forcetypeassert // every round of a deletion's group makes one
		},
		final: func(u *commandUse) bool { return u.deleted },
		stopped: func(last *commandUse, _ int, waited time.Duration, err error) error {
			inUse := &CommandInUseError{CommandID: commandID, Attempts: attempts, Waited: waited, Err: err}
			if last != nil {
				inUse.Running = last.running
			}
			return inUse
		},
	}.run(ctx)
	return err
}

// runningInvocations lists the invocations of a saved command that some
// server still runs: those whose overall status is Pending, Running or
// Stopping, which DescribeCommandInvocations' InvocationStatus gives when
// at least one server's is.
func (c *Client) runningInvocations(ctx context.Context, region, commandID string) ([]*CommandInvocation, error) {
	var running []*CommandInvocation
	for _, status := range InProgressStatuses {
		for number := 1; ; number++ {
			page, err := c.describeCommandInvocations(ctx, region, map[string]any{"CommandId": commandID, "InvocationStatus": status}, number)
			if err != nil {
				return nil, err
			}
			running = append(running, page.invocations...)
			if len(page.invocations) < commandsPageSize || number*commandsPageSize >= page.totalCount {
				break
			}
		}
	}
	return running, nil
}
