package emulator_test

import (
	"slices"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// snapshot is the part of InvocationResult that changes over time.
type snapshot struct {
	status, record, start, finished string
	exitCode                        int64
	errorCode, errorInfo, output    string
}

func snap(r *swas.DescribeInvocationResultResponseBodyInvocationResult) snapshot {
	return snapshot{
		status: tea.StringValue(r.InvocationStatus), record: tea.StringValue(r.InvokeRecordStatus),
		start: tea.StringValue(r.StartTime), finished: tea.StringValue(r.FinishedTime),
		exitCode: tea.Int64Value(r.ExitCode), errorCode: tea.StringValue(r.ErrorCode),
		errorInfo: tea.StringValue(r.ErrorInfo), output: tea.StringValue(r.Output),
	}
}

// Every invocation is created at 06:37:15Z, pending 10s and running 20s.
func TestLifecycle(t *testing.T) {
	const (
		started  = "2022-07-11T06:37:25Z"
		ran      = "2022-07-11T06:37:45Z"
		stopping = "2022-07-11T06:37:50Z"
	)
	pending := snapshot{status: "Pending", record: "Running"}
	running := snapshot{status: "Running", record: "Running", start: started}
	// Output "ok\n" is b2sK.
	for _, tc := range []struct {
		final       string
		exitCode    int64
		stoppingFor time.Duration
		errorCode   string
		steps       []snapshot // at 0s, 10s, 30s, 35s
	}{
		{final: "Success", steps: []snapshot{pending, running,
			{"Success", "Finished", started, ran, 0, "", "", "b2sK"}}},
		{final: "Failed", exitCode: 127, steps: []snapshot{pending, running,
			{"Failed", "Finished", started, ran, 127, "ExitCodeNonzero", "the command execution exit code is not zero", "b2sK"}}},
		// InvokeRecordStatus after a timeout is Failed, as ECS documents it.
		{final: "Timeout", exitCode: 0, steps: []snapshot{pending, running,
			{"Timeout", "Failed", started, ran, 0, "ExecutionTimeout", "the command execution has been timeout", "b2sK"}}},
		{final: "Error", errorCode: "ClientNotResponse", steps: []snapshot{pending, running,
			{"Error", "Finished", started, ran, 0, "ClientNotResponse", "the aliyun service in the instance does not response", "b2sK"}}},
		{final: "Terminated", stoppingFor: 5 * time.Second, exitCode: 143, steps: []snapshot{pending, running,
			{status: "Stopping", record: "Running", start: started},
			{"Terminated", "Stopped", started, stopping, 143, "ExecutionInterrupted", "the command execution has been interrupted", "b2sK"}}},
		// These never run: Pending, then final at 10s without a StartTime.
		{final: "Cancelled", steps: []snapshot{pending,
			{"Cancelled", "Stopped", "", "2022-07-11T06:37:25Z", 0, "", "", "b2sK"}}},
		{final: "Invalid", steps: []snapshot{pending,
			{"Invalid", "Failed", "", "2022-07-11T06:37:25Z", 0, "CommandNotApplicable", "the command is not applicable", "b2sK"}}},
		{final: "Aborted", errorCode: "InstanceNotRunning", steps: []snapshot{pending,
			{"Aborted", "Failed", "", "2022-07-11T06:37:25Z", 0, "InstanceNotRunning", "the instance is not running when create task", "b2sK"}}},
	} {
		t.Run(tc.final, func(t *testing.T) {
			e := newEnv(t, emulator.Options{})
			c := e.client(t)
			id := e.srv.AddInvocation(emulator.Invocation{
				InstanceID:  testInstance,
				PendingFor:  10 * time.Second,
				RunningFor:  20 * time.Second,
				StoppingFor: tc.stoppingFor,
				FinalStatus: tc.final,
				ExitCode:    tc.exitCode,
				ErrorCode:   tc.errorCode,
				Output:      []byte("ok\n"),
			})
			at := []time.Duration{0, 10 * time.Second, 30 * time.Second, 35 * time.Second}
			for i, want := range tc.steps {
				e.clock.Set(start.Add(at[i]))
				if got := snap(e.mustResult(t, c, id)); got != want {
					t.Errorf("at +%s:\ngot  %+v\nwant %+v", at[i], got, want)
				}
			}
			// Long after, nothing changes.
			e.clock.Set(start.Add(time.Hour))
			if got, want := snap(e.mustResult(t, c, id)), tc.steps[len(tc.steps)-1]; got != want {
				t.Errorf("an hour later:\ngot  %+v\nwant %+v", got, want)
			}
		})
	}
}

// RunCommand's Timeout parameter ends a longer run in Timeout.
func TestRunCommandTimeout(t *testing.T) {
	e := newEnv(t, emulator.Options{
		RunCommand: func(inv *emulator.Invocation) { inv.RunningFor = time.Hour },
	})
	c := e.client(t)
	resp, err := c.RunCommand(&swas.RunCommandRequest{
		RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance), Name: tea.String("sleep"),
		Type: tea.String("RunShellScript"), CommandContent: tea.String("sleep 3600"), Timeout: tea.Int32(30),
	})
	if err != nil {
		t.Fatal(err)
	}
	id := tea.StringValue(resp.Body.InvokeId)
	e.clock.Advance(emulator.DefaultPendingFor + 29*time.Second)
	if got := tea.StringValue(e.mustResult(t, c, id).InvocationStatus); got != "Running" {
		t.Errorf("before the timeout: %s", got)
	}
	e.clock.Advance(time.Second)
	r := e.mustResult(t, c, id)
	if tea.StringValue(r.InvocationStatus) != "Timeout" || tea.StringValue(r.ErrorCode) != "ExecutionTimeout" || tea.StringValue(r.FinishedTime) != "2022-07-11T06:37:46Z" {
		t.Errorf("after the timeout: %v", r)
	}
}

// A clock step per poll lets a client's polling loop see the command
// finish without the test touching the clock.
func TestAdvanceClockOnRequest(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	id := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance, PendingFor: 2 * time.Second, RunningFor: 3 * time.Second})
	e.srv.AdvanceClockOnRequest("DescribeInvocationResult", time.Second)
	c := e.client(t)

	var seen []string
	for len(seen) < 10 {
		status := tea.StringValue(e.mustResult(t, c, id).InvocationStatus)
		seen = append(seen, status)
		if status == "Success" {
			break
		}
	}
	if want := []string{"Pending", "Running", "Running", "Running", "Success"}; !slices.Equal(seen, want) {
		t.Fatalf("polls saw %v, want %v", seen, want)
	}
	if err := describeInvocations(c); err != nil {
		t.Fatal(err)
	}
	if got := e.clock.Now().Sub(start); got != 5*time.Second {
		t.Errorf("clock advanced %s, want 5s (other actions do not step it)", got)
	}
}
