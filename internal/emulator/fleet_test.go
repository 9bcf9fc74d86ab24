package emulator_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// newFleetEnv is newEnv with two more Running servers and a saved command
// with one parameter; the second server fails with exit code 3.
func newFleetEnv(t *testing.T) (*testEnv, *swas.Client, string) {
	t.Helper()
	env := newEnv(t, emulator.Options{})
	for _, id := range []string{"s2", "s3"} {
		env.srv.AddInstance(emulator.Instance{ID: id, RegionID: testRegion, Status: emulator.InstanceRunning})
	}
	env.srv.SetInvokeCommand(func(inv *emulator.Invocation) {
		inv.Output = []byte("on " + inv.InstanceID)
		if inv.InstanceID == "s2" {
			inv.FinalStatus, inv.ExitCode, inv.RunningFor = emulator.StatusFailed, 3, 5*time.Second
		}
	})
	c := env.client(t)
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("deploy"), Type: tea.String("RunShellScript"),
		CommandContent: tea.String("deploy {{version}}"), EnableParameter: tea.Bool(true), WorkingDir: tea.String("/srv")})
	return env, c, id
}

func invoke(c *swas.Client, commandID, instanceIDs string, parameters map[string]any) (string, error) {
	resp, err := c.InvokeCommand(&swas.InvokeCommandRequest{RegionId: tea.String(testRegion), CommandId: tea.String(commandID),
		InstanceIds: tea.String(instanceIDs), Parameters: parameters})
	if err != nil {
		return "", err
	}
	return tea.StringValue(resp.Body.InvokeId), nil
}

func commandInvocations(t *testing.T, c *swas.Client, req *swas.DescribeCommandInvocationsRequest) *swas.DescribeCommandInvocationsResponseBody {
	t.Helper()
	req.RegionId = tea.String(testRegion)
	resp, err := c.DescribeCommandInvocations(req)
	if err != nil {
		t.Fatalf("DescribeCommandInvocations: %v", err)
	}
	return resp.Body
}

func TestInvokeCommandOnAFleet(t *testing.T) {
	env, c, commandID := newFleetEnv(t)
	invokeID, err := invoke(c, commandID, `["s3","`+testInstance+`","s2"]`, map[string]any{"version": "1.2"})
	if err != nil {
		t.Fatal(err)
	}
	read := func() *swas.DescribeCommandInvocationsResponseBodyCommandInvocations {
		body := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)})
		if tea.Int32Value(body.TotalCount) != 1 {
			t.Fatalf("TotalCount = %d, want 1", tea.Int32Value(body.TotalCount))
		}
		return body.CommandInvocations[0]
	}
	ci := read()
	if got := tea.StringValue(ci.InvocationStatus); got != "Pending" || len(ci.InvokeInstances) != 3 {
		t.Fatalf("at first: %s with %d servers, want Pending with 3", got, len(ci.InvokeInstances))
	}
	env.clock.Advance(4 * time.Second)
	if got := tea.StringValue(read().InvocationStatus); got != "Running" {
		t.Errorf("with one server still running: %s, want Running", got)
	}
	env.clock.Advance(4 * time.Second)
	ci = read()
	if got := tea.StringValue(ci.InvocationStatus); got != "PartialFailed" {
		t.Errorf("overall status %s, want PartialFailed", got)
	}
	if tea.StringValue(ci.Parameters) != `{"version":"1.2"}` || tea.StringValue(ci.Username) != "root" || tea.StringValue(ci.WorkingDir) != "/srv" {
		t.Errorf("parameters %s, username %s, working dir %s", tea.StringValue(ci.Parameters), tea.StringValue(ci.Username), tea.StringValue(ci.WorkingDir))
	}
	for _, in := range ci.InvokeInstances {
		id := tea.StringValue(in.InstanceId)
		wantStatus, wantCode := "Success", int64(0)
		if id == "s2" {
			wantStatus, wantCode = "Failed", 3
		}
		out, _ := base64.StdEncoding.DecodeString(tea.StringValue(in.Output))
		if tea.StringValue(in.InvocationStatus) != wantStatus || tea.Int64Value(in.ExitCode) != wantCode ||
			string(out) != "on "+id || tea.StringValue(in.FinishTime) == "" {
			t.Errorf("%s: %s exit %d output %q finished %q", id, tea.StringValue(in.InvocationStatus), tea.Int64Value(in.ExitCode), out, tea.StringValue(in.FinishTime))
		}
	}
}

func TestOverallStatus(t *testing.T) {
	env, c, commandID := newFleetEnv(t)
	env.srv.SetInvokeCommand(nil)
	ok, _ := invoke(c, commandID, testInstance+",s3", map[string]any{"version": "1"})
	env.srv.SetInvokeCommand(func(inv *emulator.Invocation) { inv.FinalStatus = emulator.StatusCancelled })
	stopped, _ := invoke(c, commandID, `["s2"]`, map[string]any{"version": "1"})
	env.srv.SetInvokeCommand(func(inv *emulator.Invocation) { inv.FinalStatus = emulator.StatusError })
	failed, _ := invoke(c, commandID, `["s2","s3"]`, map[string]any{"version": "1"})
	env.clock.Advance(time.Minute)
	for invokeID, want := range map[string]string{ok: "Success", stopped: "Stopped", failed: "Failed"} {
		body := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)})
		if got := tea.StringValue(body.CommandInvocations[0].InvocationStatus); got != want {
			t.Errorf("%s: %s, want %s", invokeID, got, want)
		}
	}
	onS2 := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InstanceId: tea.String("s2"), PageSize: tea.String("1")})
	if tea.Int32Value(onS2.TotalCount) != 2 || len(onS2.CommandInvocations) != 1 || tea.StringValue(onS2.CommandInvocations[0].InvokeId) != failed {
		t.Errorf("on s2: total %d, page of %d, newest first want %s", tea.Int32Value(onS2.TotalCount), len(onS2.CommandInvocations), failed)
	}
	byStatus := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvocationStatus: tea.String("Success")})
	if tea.Int32Value(byStatus.TotalCount) != 1 {
		t.Errorf("Success: total %d, want 1", tea.Int32Value(byStatus.TotalCount))
	}
}

func TestInvokeCommandErrors(t *testing.T) {
	env, c, commandID := newFleetEnv(t)
	env.srv.SetInstanceStatus("s3", emulator.InstanceStopped)
	many := `[`
	for i := range 51 {
		if i > 0 {
			many += ","
		}
		many += `"s` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `"`
	}
	for name, tc := range map[string]struct {
		commandID, instances string
		parameters           map[string]any
		code                 string
		status               int
	}{
		"unknown command":   {"c-nope", `["s2"]`, map[string]any{"version": "1"}, "InvalidCommandId.NotFound", 404},
		"unknown server":    {commandID, `["s2","s9"]`, map[string]any{"version": "1"}, "InvalidInstanceId.NotFound", 404},
		"stopped server":    {commandID, `["s2","s3"]`, map[string]any{"version": "1"}, "IncorrectInstanceStatus", 403},
		"missing parameter": {commandID, `["s2"]`, nil, "InvalidParam", 403},
		"51 servers":        {commandID, many + "]", map[string]any{"version": "1"}, "InvalidParam", 403},
		"not an array":      {commandID, `["s2"`, map[string]any{"version": "1"}, "InvalidParam", 403},
	} {
		_, err := invoke(c, tc.commandID, tc.instances, tc.parameters)
		t.Run(name, func(t *testing.T) { wantAPIError(t, err, tc.code, tc.status) })
	}
	if n := tea.Int32Value(commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{}).TotalCount); n != 0 {
		t.Errorf("%d invocations started by failed requests", n)
	}
}

// TestInvokeCommandLimits accepts InvokeCommand at each documented limit
// and rejects it one past: 50 servers, 10 parameters, a username of 255
// characters, and 18 KB of command and parameters once base64-encoded.
func TestInvokeCommandLimits(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	var servers []string
	for i := range 50 {
		id := fmt.Sprintf("f%02d", i)
		env.srv.AddInstance(emulator.Instance{ID: id, RegionID: testRegion, Status: emulator.InstanceRunning})
		servers = append(servers, id)
	}
	plain := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("plain"), Type: tea.String("RunShellScript"),
		CommandContent: tea.String("true"), EnableParameter: tea.Bool(true)})
	if _, err := invoke(c, plain, strings.Join(servers, ","), nil); err != nil {
		t.Errorf("50 servers: %v", err)
	}
	parameters := func(n int) map[string]any {
		p := map[string]any{}
		for i := range n {
			p[fmt.Sprintf("p%d", i)] = "v"
		}
		return p
	}
	if _, err := invoke(c, plain, testInstance, parameters(10)); err != nil {
		t.Errorf("10 parameters: %v", err)
	}
	_, err := invoke(c, plain, testInstance, parameters(11))
	wantAPIError(t, err, "InvalidParam", 403)

	asUser := func(name string) error {
		_, err := c.InvokeCommand(&swas.InvokeCommandRequest{RegionId: tea.String(testRegion), CommandId: tea.String(plain),
			InstanceIds: tea.String(`["` + testInstance + `"]`), Username: tea.String(name)})
		return err
	}
	if err := asUser(strings.Repeat("ü", 255)); err != nil {
		t.Errorf("a username of 255 characters: %v", err)
	}
	wantAPIError(t, asUser(strings.Repeat("u", 256)), "InvalidParam", 403)

	// 12288 bytes of command (16 KiB once encoded) and {"v":"…"} of 1536
	// bytes are 13824 bytes, exactly 18 KiB once encoded.
	content := strings.Repeat("a", 12288-len("{{v}}")) + "{{v}}"
	big := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("big"), Type: tea.String("RunShellScript"),
		CommandContent: tea.String(content), EnableParameter: tea.Bool(true)})
	value := strings.Repeat("x", 1536-len(`{"v":""}`))
	if _, err := invoke(c, big, testInstance, map[string]any{"v": value}); err != nil {
		t.Errorf("18 KiB of command and parameters: %v", err)
	}
	_, err = invoke(c, big, testInstance, map[string]any{"v": value + "x"})
	wantAPIError(t, err, "InvalidParam", 403)
}

// TestInvokeCommandTimeout: each server's run ends in Timeout at the saved
// command's timeout.
func TestInvokeCommandTimeout(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	env.srv.SetInvokeCommand(func(inv *emulator.Invocation) { inv.RunningFor = time.Hour })
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("slow"), Type: tea.String("RunShellScript"),
		CommandContent: tea.String("sleep 3600"), Timeout: tea.Int64(30)})
	invokeID, err := invoke(c, id, testInstance, nil)
	if err != nil {
		t.Fatal(err)
	}
	env.clock.Advance(time.Minute)
	ci := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)}).CommandInvocations[0]
	if in := ci.InvokeInstances[0]; tea.StringValue(in.InvocationStatus) != "Timeout" || tea.StringValue(in.FinishTime) != "2022-07-11T06:37:46Z" { // started after 1 s pending
		t.Errorf("a run past its 30 s timeout: %s, finished at %s", tea.StringValue(in.InvocationStatus), tea.StringValue(in.FinishTime))
	}
}

// TestDescribeCommandInvocationsByInstance lists the invocations that ran
// on the server named, whatever CommandName says, as the reference states.
func TestDescribeCommandInvocationsByInstance(t *testing.T) {
	_, c, commandID := newFleetEnv(t)
	onBoth, _ := invoke(c, commandID, testInstance+",s2", map[string]any{"version": "1"})
	if _, err := invoke(c, commandID, "s3", map[string]any{"version": "1"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		instance, name string
		want           []string
	}{
		{instance: "s2", want: []string{onBoth}},
		{instance: "s2", name: "another", want: []string{onBoth}},
		{name: "another"},
	} {
		req := &swas.DescribeCommandInvocationsRequest{}
		if tc.instance != "" {
			req.InstanceId = tea.String(tc.instance)
		}
		if tc.name != "" {
			req.CommandName = tea.String(tc.name)
		}
		var got []string
		for _, ci := range commandInvocations(t, c, req).CommandInvocations {
			got = append(got, tea.StringValue(ci.InvokeId))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("InstanceId %q, CommandName %q: %v, want %v", tc.instance, tc.name, got, tc.want)
		}
	}
}

// TestCommandInvocationRetention keeps a fleet's invocation for Retention,
// as single runs are kept, and forgets it after.
func TestCommandInvocationRetention(t *testing.T) {
	env, c, commandID := newFleetEnv(t)
	old, err := invoke(c, commandID, "s2", map[string]any{"version": "1"})
	if err != nil {
		t.Fatal(err)
	}
	count := func() int32 {
		return tea.Int32Value(commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(old)}).TotalCount)
	}
	env.clock.Advance(emulator.Retention)
	if n := count(); n != 1 {
		t.Errorf("exactly Retention old: %d listed, want 1", n)
	}
	env.clock.Advance(time.Second)
	if n := count(); n != 0 {
		t.Errorf("past Retention: %d listed, want 0", n)
	}
}

// TestOverallStatusFollowsTheReference applies the rules that
// DescribeCommandInvocations' InvocationStatus documents to pairs of
// servers: any Pending, then any Running, then any Stopping decides; then
// Success with only Stopped besides, Stopped when all stopped, Failed when
// none succeeded, and PartialFailed for successes beside failures.
func TestOverallStatusFollowsTheReference(t *testing.T) {
	type outcome struct {
		status                           string
		pendingFor, runningFor, stopping time.Duration
	}
	ended := func(status string) outcome {
		return outcome{status: status, pendingFor: time.Second, runningFor: time.Second}
	}
	pending := outcome{status: "Success", pendingFor: time.Hour}
	running := outcome{status: "Success", pendingFor: time.Second, runningFor: time.Hour}
	stopping := outcome{status: "Terminated", pendingFor: time.Second, runningFor: time.Second, stopping: time.Hour}
	for _, tc := range []struct {
		first, second outcome
		want          string
	}{
		{ended("Success"), pending, "Pending"},
		{running, pending, "Pending"},
		{running, stopping, "Running"},
		{ended("Failed"), running, "Running"},
		{ended("Success"), stopping, "Stopping"},
		{ended("Success"), ended("Success"), "Success"},
		{ended("Success"), ended("Cancelled"), "Success"},
		{ended("Success"), ended("Terminated"), "Success"},
		{ended("Cancelled"), ended("Terminated"), "Stopped"},
		{ended("Failed"), ended("Cancelled"), "Failed"},
		{ended("Invalid"), ended("Aborted"), "Failed"},
		{ended("Timeout"), ended("Error"), "Failed"},
		{ended("Success"), ended("Timeout"), "PartialFailed"},
		{ended("Success"), ended("Invalid"), "PartialFailed"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			env := newEnv(t, emulator.Options{})
			env.srv.AddInstance(emulator.Instance{ID: "s2", RegionID: testRegion, Status: emulator.InstanceRunning})
			c := env.client(t)
			env.srv.SetInvokeCommand(func(inv *emulator.Invocation) {
				o := tc.first
				if inv.InstanceID == "s2" {
					o = tc.second
				}
				inv.FinalStatus, inv.PendingFor, inv.RunningFor, inv.StoppingFor = o.status, o.pendingFor, o.runningFor, o.stopping
			})
			id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"),
				CommandContent: tea.String("true")})
			invokeID, err := invoke(c, id, `["`+testInstance+`","s2"]`, nil)
			if err != nil {
				t.Fatal(err)
			}
			env.clock.Advance(time.Minute)
			ci := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)}).CommandInvocations[0]
			if got := tea.StringValue(ci.InvocationStatus); got != tc.want {
				t.Errorf("%+v and %+v: overall status %s, want %s", tc.first, tc.second, got, tc.want)
			}
		})
	}
}

// TestInvokeCommandUsernameOnLinuxOnly refuses a Username for a Windows
// server: the reference allows changing the user on Linux servers only.
func TestInvokeCommandUsernameOnLinuxOnly(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	env.srv.AddInstance(emulator.Instance{ID: "win", RegionID: testRegion, Status: emulator.InstanceRunning, OSType: "Windows"})
	c := env.client(t)
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunPowerShellScript"),
		CommandContent: tea.String("dir")})
	invokeAs := func(user string) error {
		req := &swas.InvokeCommandRequest{RegionId: tea.String(testRegion), CommandId: tea.String(id),
			InstanceIds: tea.String(`["win"]`)}
		if user != "" {
			req.Username = tea.String(user)
		}
		_, err := c.InvokeCommand(req)
		return err
	}
	wantAPIError(t, invokeAs("admin"), "InvalidParam", 403)
	if err := invokeAs(""); err != nil {
		t.Errorf("without a username: %v", err)
	}
}

// TestFleetRunsJoinTheWorld: InvokeCommand's invoke id is one of the
// world's, as RunCommand's are: DescribeInvocationResult reads each
// server's run, DescribeInvocations lists it on each server, and the
// agent counts it.
func TestFleetRunsJoinTheWorld(t *testing.T) {
	env, c, commandID := newFleetEnv(t)
	invokeID, err := invoke(c, commandID, `["`+testInstance+`","s2"]`, map[string]any{"version": "1.2"})
	if err != nil {
		t.Fatal(err)
	}
	env.clock.Advance(time.Minute)
	r, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{RegionId: tea.String(testRegion),
		InstanceId: tea.String("s2"), InvokeId: tea.String(invokeID)})
	if err != nil {
		t.Fatalf("DescribeInvocationResult of a fleet's run: %v", err)
	}
	if got := snap(r.Body.InvocationResult); got.status != "Failed" || got.exitCode != 3 || got.output != encoded("on s2") {
		t.Errorf("s2's run: %+v, want Failed with exit code 3 and its output", got)
	}
	if got := snap(env.mustResult(t, c, invokeID)); got.status != "Success" || got.output != encoded("on "+testInstance) {
		t.Errorf("%s's run: %+v, want Success with its output", testInstance, got)
	}
	_, err = c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{RegionId: tea.String(testRegion),
		InstanceId: tea.String("s3"), InvokeId: tea.String(invokeID)})
	wantAPIError(t, err, "InvalidInvokeId.NotFound", 404)

	list, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{RegionId: tea.String(testRegion), InstanceId: tea.String("s2")})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.Body.Invocations); n != 1 || tea.StringValue(list.Body.Invocations[0].InvokeId) != invokeID ||
		tea.StringValue(list.Body.Invocations[0].CommandContent) != encoded("deploy {{version}}") {
		t.Errorf("DescribeInvocations on s2 lists %d runs, want the fleet's %s", n, invokeID)
	}
	agents, err := c.DescribeCloudAssistantAttributes(&swas.DescribeCloudAssistantAttributesRequest{RegionId: tea.String(testRegion),
		InstanceIds: []*string{tea.String("s2")}})
	if err != nil {
		t.Fatal(err)
	}
	if n := tea.Int64Value(agents.Body.CloudAssistant[0].InvocationCount); n != 1 {
		t.Errorf("s2's agent counts %d runs, want 1", n)
	}
}

// TestFleetRunsNeedTheAgent applies RunCommand's rules to each server of a
// fleet: no agent ends Invalid, an agent that drops before delivery
// Aborted, both with ClientNotRunning and no start; the others run.
func TestFleetRunsNeedTheAgent(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	env.srv.AddInstance(emulator.Instance{ID: "none", RegionID: testRegion, Status: emulator.InstanceRunning, NoAgent: true})
	env.srv.AddInstance(emulator.Instance{ID: "drops", RegionID: testRegion, Status: emulator.InstanceRunning})
	env.srv.DropAgent("drops", 500*time.Millisecond, time.Hour)
	c := env.client(t)
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"),
		CommandContent: tea.String("true")})
	invokeID, err := invoke(c, id, `["none","drops","`+testInstance+`"]`, nil)
	if err != nil {
		t.Fatal(err)
	}
	env.clock.Advance(time.Minute)
	ci := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)}).CommandInvocations[0]
	want := map[string]string{"none": "Invalid", "drops": "Aborted", testInstance: "Success"}
	for _, in := range ci.InvokeInstances {
		server := tea.StringValue(in.InstanceId)
		status, code := tea.StringValue(in.InvocationStatus), tea.StringValue(in.ErrorCode)
		wantCode := "ClientNotRunning"
		if server == testInstance {
			wantCode = ""
		}
		if status != want[server] || code != wantCode || (wantCode != "" && tea.StringValue(in.StartTime) != "") {
			t.Errorf("%s: %s, error code %q, started %q; want %s, %q, no start", server, status, code,
				tea.StringValue(in.StartTime), want[server], wantCode)
		}
	}
	if got := tea.StringValue(ci.InvocationStatus); got != "PartialFailed" {
		t.Errorf("overall status %s, want PartialFailed", got)
	}
}

// TestDeleteCommandWhileItRuns: "You cannot delete commands that are being
// run" (DeleteCommand's description): the emulator refuses with ECS's
// InvalidStatus.CmdIdInUse until every server's run of the command ended.
func TestDeleteCommandWhileItRuns(t *testing.T) {
	env, c, commandID := newFleetEnv(t) // s2 runs for 5 s, the others for 2 s
	if _, err := invoke(c, commandID, `["s2","s3"]`, map[string]any{"version": "1"}); err != nil {
		t.Fatal(err)
	}
	remove := func() error {
		_, err := c.DeleteCommand(&swas.DeleteCommandRequest{RegionId: tea.String(testRegion), CommandId: tea.String(commandID)})
		return err
	}
	wantAPIError(t, remove(), "InvalidStatus.CmdIdInUse", 403)
	env.clock.Advance(4 * time.Second) // s3 has ended, s2 runs on
	wantAPIError(t, remove(), "InvalidStatus.CmdIdInUse", 403)
	env.clock.Advance(2 * time.Second)
	if err := remove(); err != nil {
		t.Errorf("once every run ended: %v", err)
	}
}
