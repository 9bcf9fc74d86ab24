package swasclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// newFleetEnv is an emulator with running servers s1 to s<n> on a manual
// clock, and a client of it.
func newFleetEnv(t *testing.T, n int) *runCommandEnv {
	t.Helper()
	env := &runCommandEnv{}
	env.server = emulator.New(emulator.Options{
		Clock:       emulator.NewManualClock(time.Date(2022, 7, 11, 6, 37, 16, 0, time.UTC)),
		Credentials: []emulator.Credential{{AccessKeyID: "LTAI5tRunCommandTest", AccessKeySecret: "secret"}},
	})
	for i := 1; i <= n; i++ {
		env.server.AddInstance(emulator.Instance{ID: fmt.Sprintf("s%d", i), RegionID: runRegion, Status: emulator.InstanceRunning})
	}
	listener, err := emulator.Start(env.server, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(listener.Close)
	env.client = newTestClient(t, listener.URL)
	return env
}

func TestSavedCommandRoundTrip(t *testing.T) {
	env := newFleetEnv(t, 0)
	ctx := context.Background()
	id, err := env.client.CreateCommand(ctx, Command{RegionID: runRegion, Name: "deploy", Type: "RunShellScript",
		Content: "deploy {{version}}", EnableParameter: true, Timeout: 30, WorkingDir: "/srv", Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.client.UpdateCommandAttribute(ctx, CommandUpdate{RegionID: runRegion, CommandID: id, Name: "deploy2"}); err != nil {
		t.Fatal(err)
	}
	cmd, err := env.client.DescribeCommand(ctx, runRegion, id)
	if err != nil {
		t.Fatal(err)
	}
	if cmd.Name != "deploy2" || cmd.Content != "deploy {{version}}" || cmd.Timeout != 30 || cmd.WorkingDir != "/srv" ||
		!cmd.EnableParameter || !slices.Equal(cmd.ParameterNames, []string{"version"}) {
		t.Errorf("read back %+v", cmd)
	}
	if err := env.client.DeleteCommand(ctx, runRegion, id); err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.DescribeCommand(ctx, runRegion, id); !IsKind(err, KindNotFound) {
		t.Errorf("after delete: %v, want not found", err)
	}
}

func TestDescribeCommandsReadsEveryPage(t *testing.T) {
	env := newFleetEnv(t, 0)
	for i := range 120 {
		if _, err := env.client.CreateCommand(context.Background(), Command{RegionID: runRegion, Name: fmt.Sprint(i % 2),
			Type: "RunShellScript", Content: "true"}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := env.client.DescribeCommands(context.Background(), CommandFilter{RegionID: runRegion}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	odd, err := env.client.DescribeCommands(context.Background(), CommandFilter{RegionID: runRegion, Name: "1"}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Commands) != 120 || all.TotalCount != 120 || len(odd.Commands) != 60 {
		t.Errorf("read %d of %d, %d named 1", len(all.Commands), all.TotalCount, len(odd.Commands))
	}
	if got := env.server.Requests("DescribeCommands"); got != 3+2 {
		t.Errorf("%d requests, want 5 (pages of 50)", got)
	}
}

// TestWaitForCommandInvocationPollsOnceForTheFleet: each poll is one
// request, whatever the number of servers, and progress sees each read
// until the last.
func TestWaitForCommandInvocationPollsOnceForTheFleet(t *testing.T) {
	env := newFleetEnv(t, 20)
	env.server.SetInvokeCommand(func(inv *emulator.Invocation) {
		if inv.InstanceID == "s7" {
			inv.FinalStatus, inv.ExitCode = emulator.StatusFailed, 2
		}
	})
	ctx := context.Background()
	id, err := env.client.CreateCommand(ctx, Command{RegionID: runRegion, Name: "n", Type: "RunShellScript", Content: "true"})
	if err != nil {
		t.Fatal(err)
	}
	var servers []string
	for i := 1; i <= 20; i++ {
		servers = append(servers, fmt.Sprintf("s%d", i))
	}
	started, err := env.client.InvokeCommand(ctx, InvokeCommandInput{RegionID: runRegion, CommandID: id, InstanceIDs: servers})
	if err != nil {
		t.Fatal(err)
	}
	env.server.AdvanceClockOnRequest(describeCommandInvocations, time.Second)
	opts := WaitOptions{Poll: PollSchedule{Min: time.Millisecond, Max: time.Millisecond}, NotFoundGrace: time.Second}
	// Three polls take milliseconds: a wait that never ends fails the test
	// in seconds.
	waitCtx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var seen []string
	inv, err := env.client.WaitForCommandInvocation(waitCtx, runRegion, started.InvokeID, opts, func(inv *CommandInvocation) {
		seen = append(seen, inv.InvocationStatus)
	})
	if err != nil {
		t.Fatal(err)
	}
	// watch sees every read, as a rollout counts failures while a batch
	// runs.
	if !slices.Equal(seen, []string{"Running", "Running", "PartialFailed"}) {
		t.Errorf("watch saw %v, want [Running Running PartialFailed]: every read", seen)
	}
	if inv.InvocationStatus != "PartialFailed" || len(inv.Instances) != 20 {
		t.Fatalf("%s with %d servers", inv.InvocationStatus, len(inv.Instances))
	}
	// Pending for 1 s, running for 2 s: final at the third request.
	if got := env.server.Requests(describeCommandInvocations); got != 3 {
		t.Errorf("%d requests for 20 servers, want 3 (one a poll)", got)
	}
	for _, in := range inv.Instances {
		if (in.InstanceID == "s7") != (in.InvocationStatus == StatusFailed) || in.ExitCode == nil {
			t.Errorf("%+v", in)
		}
	}
}

func TestInvokeCommandIsNotRetriedAfterItMayHaveRun(t *testing.T) {
	env := newFleetEnv(t, 1)
	env.server.SetFault(invokeCommand, emulator.Fault{FailNext: 1, FailStatus: 503})
	_, err := env.client.InvokeCommand(context.Background(), InvokeCommandInput{RegionID: runRegion, CommandID: "c-x", InstanceIDs: []string{"s1"}})
	if !MayHaveRun(err) || env.server.Requests(invokeCommand) != 1 {
		t.Errorf("err %v after %d requests: want one request that may have run", err, env.server.Requests(invokeCommand))
	}
}

// TestDescribeCommandsStopsAtTheLimitAndTheLastPage: a full last page ends
// the listing without asking for an empty one, and a limit reached stops it.
func TestDescribeCommandsStopsAtTheLimitAndTheLastPage(t *testing.T) {
	env := newFleetEnv(t, 0)
	for range 2 * commandsPageSize {
		if _, err := env.client.CreateCommand(context.Background(), Command{RegionID: runRegion, Name: "n",
			Type: "RunShellScript", Content: "true"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		limit, commands, requests int
	}{
		{limit: 1000, commands: 2 * commandsPageSize, requests: 2},
		{limit: commandsPageSize, commands: commandsPageSize, requests: 1},
		{limit: 30, commands: 30, requests: 1},
		{limit: commandsPageSize + 1, commands: commandsPageSize + 1, requests: 2},
	} {
		env.server.ResetCounters()
		list, err := env.client.DescribeCommands(context.Background(), CommandFilter{RegionID: runRegion}, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Commands) != tc.commands || list.TotalCount != 2*commandsPageSize {
			t.Errorf("limit %d: read %d of %d, want %d of %d", tc.limit, len(list.Commands), list.TotalCount, tc.commands, 2*commandsPageSize)
		}
		if got := env.server.Requests("DescribeCommands"); got != tc.requests {
			t.Errorf("limit %d: %d requests, want %d", tc.limit, got, tc.requests)
		}
	}
}

// TestInvokeCommandSendsParametersOnlyWhenSet: the parameters go as one
// JSON object, and no Parameters field is sent without them.
func TestInvokeCommandSendsParametersOnlyWhenSet(t *testing.T) {
	var sent []url.Values
	env := newEmulatorEnv(t, 0, func(r *http.Request, _ int) {
		if r.Header.Get("x-acs-action") == invokeCommand {
			sent = append(sent, r.URL.Query())
		}
	})
	id, err := env.client.CreateCommand(t.Context(), Command{RegionID: runRegion, Name: "greet", Type: "RunShellScript",
		Content: "echo {{greeting}}", EnableParameter: true})
	if err != nil {
		t.Fatal(err)
	}
	in := InvokeCommandInput{RegionID: runRegion, CommandID: id, InstanceIDs: []string{runInstance},
		Parameters: map[string]string{"greeting": "hello world"}, Username: "deploy"}
	if _, err := env.client.InvokeCommand(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	plain, err := env.client.CreateCommand(t.Context(), Command{RegionID: runRegion, Name: "plain", Type: "RunShellScript", Content: "true"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.InvokeCommand(t.Context(), InvokeCommandInput{RegionID: runRegion, CommandID: plain, InstanceIDs: []string{runInstance}}); err != nil {
		t.Fatal(err)
	}
	if len(sent) != 2 {
		t.Fatalf("%d InvokeCommand requests, want 2", len(sent))
	}
	if got := sent[0]; got.Get("Parameters") != `{"greeting":"hello world"}` || got.Get("InstanceIds") != `["`+runInstance+`"]` || got.Get("Username") != "deploy" {
		t.Errorf("the first request sent %v", got)
	}
	if got := sent[1]; got.Has("Parameters") || got.Has("Username") {
		t.Errorf("a request without parameters or user sent %v", got)
	}
}

func TestCommandInvocationFinished(t *testing.T) {
	for _, tc := range []struct {
		statuses []string
		want     bool
	}{
		{statuses: nil, want: false},
		{statuses: []string{StatusSuccess, StatusFailed}, want: true},
		{statuses: []string{StatusSuccess, StatusRunning}, want: false},
		{statuses: []string{StatusStopping, StatusSuccess}, want: false},
	} {
		inv := &CommandInvocation{}
		for _, s := range tc.statuses {
			inv.Instances = append(inv.Instances, InstanceResult{InvocationStatus: s})
		}
		if got := inv.Finished(); got != tc.want {
			t.Errorf("Finished with servers %v = %v, want %v", tc.statuses, got, tc.want)
		}
	}
}

// TestWaitForCommandInvocationTimesOut: the error names the last overall
// status read, or says that nothing was read.
func TestWaitForCommandInvocationTimesOut(t *testing.T) {
	env := newFleetEnv(t, 2)
	id, err := env.client.CreateCommand(t.Context(), Command{RegionID: runRegion, Name: "n", Type: "RunShellScript", Content: "sleep 60"})
	if err != nil {
		t.Fatal(err)
	}
	started, err := env.client.InvokeCommand(t.Context(), InvokeCommandInput{RegionID: runRegion, CommandID: id, InstanceIDs: []string{"s1", "s2"}})
	if err != nil {
		t.Fatal(err)
	}
	opts := WaitOptions{Poll: PollSchedule{Min: 10 * time.Millisecond, Max: 10 * time.Millisecond}, NotFoundGrace: time.Minute}
	for _, tc := range []struct {
		invokeID, says string
		read           bool
	}{
		{invokeID: started.InvokeID, says: "was still Pending", read: true},
		{invokeID: "t-not-yet-visible", says: "without reading the invocation"},
	} {
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		_, err := env.client.WaitForCommandInvocation(ctx, runRegion, tc.invokeID, opts, nil)
		cancel()
		var timeout *CommandWaitTimeoutError
		if !errors.As(err, &timeout) || !strings.Contains(err.Error(), tc.says) || (timeout.Last != nil) != tc.read {
			t.Errorf("%s: err = %v, want a CommandWaitTimeoutError that says %q", tc.invokeID, err, tc.says)
			continue
		}
		if tc.read && (timeout.Wait.Last.InvokeID != started.InvokeID || timeout.Wait.Reads < 2) {
			t.Errorf("%s: the wait's last read is %+v after %d reads", tc.invokeID, timeout.Wait.Last, timeout.Wait.Reads)
		}
	}
}

// newBusyCommand saves a command and runs it on s1 for runFor, as the
// command's invocation of another configuration would, on an emulator
// whose clock moves a second at every DescribeCommandInvocations request.
func newBusyCommand(t *testing.T, runFor time.Duration) (*runCommandEnv, string, string) {
	t.Helper()
	env := newFleetEnv(t, 2)
	env.server.SetInvokeCommand(func(inv *emulator.Invocation) {
		if inv.InstanceID == "s1" {
			inv.RunningFor = runFor
		}
	})
	env.server.AdvanceClockOnRequest(describeCommandInvocations, time.Second)
	id, err := env.client.CreateCommand(t.Context(), Command{RegionID: runRegion, Name: "n", Type: "RunShellScript", Content: "true"})
	if err != nil {
		t.Fatal(err)
	}
	started, err := env.client.InvokeCommand(t.Context(), InvokeCommandInput{RegionID: runRegion, CommandID: id, InstanceIDs: []string{"s1", "s2"}})
	if err != nil {
		t.Fatal(err)
	}
	return env, id, started.InvokeID
}

// TestDeleteCommandWhenIdleWaitsForItsRuns: the API refuses to delete the
// command while s1 runs it; the delete is tried again, in the poll loop,
// until it succeeds.
func TestDeleteCommandWhenIdleWaitsForItsRuns(t *testing.T) {
	env, id, _ := newBusyCommand(t, 10*time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), callTimeout)
	defer cancel()
	if err := env.client.DeleteCommandWhenIdle(ctx, runRegion, id, PollSchedule{Min: time.Millisecond, Max: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if n := env.server.ActionRequestsWithOutcome("DeleteCommand", "InvalidStatus.CmdIdInUse"); n == 0 {
		t.Error("the API never refused the delete: the test waited for nothing")
	}
	if n := len(env.server.Commands()); n != 0 {
		t.Errorf("%d commands left", n)
	}
	if err := env.client.DeleteCommandWhenIdle(ctx, runRegion, id, PollSchedule{Min: time.Millisecond, Max: time.Millisecond}); !IsKind(err, KindNotFound) {
		t.Errorf("deleting it again: %v, want not found", err)
	}
}

// TestDeleteCommandWhenIdleTimesOut: when ctx ends first, the error names
// the invocation still running and the servers it runs on.
func TestDeleteCommandWhenIdleTimesOut(t *testing.T) {
	env, id, invokeID := newBusyCommand(t, time.Hour)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	err := env.client.DeleteCommandWhenIdle(ctx, runRegion, id, PollSchedule{Min: 20 * time.Millisecond, Max: 20 * time.Millisecond})
	var inUse *CommandInUseError
	if !errors.As(err, &inUse) || len(inUse.Running) != 1 || inUse.Attempts < 2 {
		t.Fatalf("err = %v, want a CommandInUseError with the run, after several attempts", err)
	}
	if want := invokeID + " (Running on s1)"; inUse.RunningDescription() != want || !strings.Contains(err.Error(), want) {
		t.Errorf("%q, want it to name %q", err, want)
	}
	if n := len(env.server.Commands()); n != 1 {
		t.Errorf("%d commands left, want 1", n)
	}
}

// TestRunningInvocationsReadsEveryPage lists a command's running
// invocations page by page, to the last, in one request a status when a
// page holds them all.
func TestRunningInvocationsReadsEveryPage(t *testing.T) {
	for _, tc := range []struct{ running, requests int }{{50, 3}, {51, 4}} {
		env := newFleetEnv(t, 1)
		env.server.SetInvokeCommand(func(inv *emulator.Invocation) { inv.RunningFor = time.Hour })
		id, err := env.client.CreateCommand(t.Context(), Command{RegionID: runRegion, Name: "n", Type: "RunShellScript", Content: "true"})
		if err != nil {
			t.Fatal(err)
		}
		for range tc.running {
			if _, err := env.client.InvokeCommand(t.Context(), InvokeCommandInput{RegionID: runRegion, CommandID: id, InstanceIDs: []string{"s1"}}); err != nil {
				t.Fatal(err)
			}
		}
		env.server.ResetCounters()
		running, err := env.client.runningInvocations(t.Context(), runRegion, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(running) != tc.running || env.server.Requests(describeCommandInvocations) != tc.requests {
			t.Errorf("%d running: listed %d in %d requests, want %d", tc.running, len(running),
				env.server.Requests(describeCommandInvocations), tc.requests)
		}
	}
}

// TestCommandInUseErrorMessage names the runs when some were read.
func TestCommandInUseErrorMessage(t *testing.T) {
	e := &CommandInUseError{CommandID: "c-1", Attempts: 3, Waited: 2 * time.Second}
	if got, want := e.Error(), "command c-1 was still being run after waiting 2s (3 attempts to delete it)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e.Running = []*CommandInvocation{{InvokeID: "t-1", InvocationStatus: StatusRunning, Instances: []InstanceResult{
		{InstanceID: "s1", InvocationStatus: StatusRunning}, {InstanceID: "s2", InvocationStatus: StatusSuccess},
		{InstanceID: "s3", InvocationStatus: StatusPending},
	}}}
	if got, want := e.Error(), "command c-1 was still being run after waiting 2s (3 attempts to delete it): t-1 (Running on s1, s3)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
