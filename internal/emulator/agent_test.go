package emulator_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

const lateInstance = "ace0706b2ac4454d984295a942130002"

// attributes reads lateInstance's agent through the SDK.
func attributes(t *testing.T, c *swas.Client) *swas.DescribeCloudAssistantAttributesResponseBodyCloudAssistant {
	t.Helper()
	resp, err := c.DescribeCloudAssistantAttributes(&swas.DescribeCloudAssistantAttributesRequest{
		RegionId: tea.String(testRegion), InstanceIds: []*string{tea.String(lateInstance)},
	})
	if err != nil {
		t.Fatalf("DescribeCloudAssistantAttributes: %v", err)
	}
	if len(resp.Body.CloudAssistant) != 1 {
		t.Fatalf("%d agents, want 1", len(resp.Body.CloudAssistant))
	}
	return resp.Body.CloudAssistant[0]
}

func installed(t *testing.T, c *swas.Client, id string) bool {
	t.Helper()
	resp, err := c.DescribeCloudAssistantStatus(&swas.DescribeCloudAssistantStatusRequest{
		RegionId: tea.String(testRegion), InstanceIds: []*string{tea.String(id)},
	})
	if err != nil || len(resp.Body.CloudAssistantStatus) != 1 {
		t.Fatalf("DescribeCloudAssistantStatus: %v", err)
	}
	return tea.BoolValue(resp.Body.CloudAssistantStatus[0].Status)
}

// runOn starts a command on id and returns how it ended.
func runOn(t *testing.T, e *testEnv, c *swas.Client, id string) *swas.DescribeInvocationResultResponseBodyInvocationResult {
	t.Helper()
	resp, err := c.RunCommand(&swas.RunCommandRequest{
		RegionId: tea.String(testRegion), InstanceId: tea.String(id), Name: tea.String("n"),
		Type: tea.String("RunShellScript"), CommandContent: tea.String("true"),
	})
	if err != nil {
		t.Fatalf("RunCommand: %v", err)
	}
	e.clock.Advance(time.Minute)
	r, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{
		RegionId: tea.String(testRegion), InstanceId: tea.String(id), InvokeId: resp.Body.InvokeId,
	})
	if err != nil {
		t.Fatalf("DescribeInvocationResult: %v", err)
	}
	return r.Body.InvocationResult
}

func wantRun(t *testing.T, r *swas.DescribeInvocationResultResponseBodyInvocationResult, status, code string) {
	t.Helper()
	if got := tea.StringValue(r.InvocationStatus); got != status {
		t.Errorf("InvocationStatus = %s, want %s", got, status)
	}
	if got := tea.StringValue(r.ErrorCode); got != code {
		t.Errorf("ErrorCode = %q, want %q", got, code)
	}
	if status != emulator.StatusSuccess && tea.StringValue(r.StartTime) != "" {
		t.Errorf("StartTime = %q for a run that never started", tea.StringValue(r.StartTime))
	}
}

func TestAgent_comesOnlineAfterStart(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.AddInstance(emulator.Instance{ID: lateInstance, RegionID: testRegion, Status: emulator.InstanceRunning, AgentOnlineAfter: 5 * time.Second})
	c := e.client(t)

	a := attributes(t, c)
	if tea.StringValue(a.CloudAssistantStatus) != "false" || a.CloudAssistantVersion != nil || a.LastHeartbeatTime != nil {
		t.Errorf("before it comes online: %v", a)
	}
	if !installed(t, c, lateInstance) {
		t.Error("the agent is installed")
	}
	wantRun(t, runOn(t, e, c, lateInstance), emulator.StatusInvalid, "ClientNotRunning")

	// runOn moved the clock a minute on: the agent is online.
	a = attributes(t, c)
	if tea.StringValue(a.CloudAssistantStatus) != "true" || tea.StringValue(a.CloudAssistantVersion) != emulator.DefaultAgentVersion ||
		tea.StringValue(a.OSType) != "Linux" || !tea.BoolValue(a.SupportSessionManager) {
		t.Errorf("online: %v", a)
	}
	if got, want := tea.StringValue(a.LastHeartbeatTime), start.Add(5*time.Second).Format(time.RFC3339); got != want {
		t.Errorf("LastHeartbeatTime = %s, want %s", got, want)
	}
	if tea.Int64Value(a.InvocationCount) != 1 || tea.StringValue(a.LastInvokedTime) != start.Format(time.RFC3339) {
		t.Errorf("InvocationCount %d, LastInvokedTime %s", tea.Int64Value(a.InvocationCount), tea.StringValue(a.LastInvokedTime))
	}
	wantRun(t, runOn(t, e, c, lateInstance), emulator.StatusSuccess, "")
}

func TestAgent_offlineWhileStopped(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.AddInstance(emulator.Instance{ID: lateInstance, RegionID: testRegion, Status: emulator.InstanceRunning, AgentOnlineAfter: 5 * time.Second})
	c := e.client(t)
	e.clock.Advance(time.Minute)
	e.srv.SetInstanceStatus(lateInstance, emulator.InstanceStopped)
	a := attributes(t, c)
	if tea.StringValue(a.CloudAssistantStatus) != "false" || tea.StringValue(a.LastHeartbeatTime) == "" {
		t.Errorf("stopped: %v, want offline with its last heartbeat", a)
	}
	_, err := c.RunCommand(&swas.RunCommandRequest{RegionId: tea.String(testRegion), InstanceId: tea.String(lateInstance),
		Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("true")})
	wantAPIError(t, err, "IncorrectInstanceStatus", 403)

	e.srv.SetInstanceStatus(lateInstance, emulator.InstanceRunning)
	wantRun(t, runOn(t, e, c, lateInstance), emulator.StatusInvalid, "ClientNotRunning")
	wantRun(t, runOn(t, e, c, lateInstance), emulator.StatusSuccess, "")
}

func TestAgent_installTakesEffectOnRestart(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.AddInstance(emulator.Instance{ID: lateInstance, RegionID: testRegion, Status: emulator.InstanceRunning, NoAgent: true})
	c := e.client(t)
	if installed(t, c, lateInstance) {
		t.Fatal("NoAgent reads installed")
	}
	if _, err := c.InstallCloudAssistant(&swas.InstallCloudAssistantRequest{
		RegionId: tea.String(testRegion), InstanceIds: []*string{tea.String(lateInstance)},
	}); err != nil {
		t.Fatalf("InstallCloudAssistant: %v", err)
	}
	wantRun(t, runOn(t, e, c, lateInstance), emulator.StatusInvalid, "ClientNotRunning")
	e.srv.SetInstanceStatus(lateInstance, emulator.InstanceStopped)
	e.srv.SetInstanceStatus(lateInstance, emulator.InstanceRunning)
	if !installed(t, c, lateInstance) || tea.StringValue(attributes(t, c).CloudAssistantStatus) != "true" {
		t.Error("the agent is not online after the restart")
	}
}

func TestAgent_dropBeforeDelivery(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	e.srv.DropAgent(testInstance, emulator.DefaultPendingFor/2, 10*time.Second)
	wantRun(t, runOn(t, e, c, testInstance), emulator.StatusAborted, "ClientNotRunning")
	wantRun(t, runOn(t, e, c, testInstance), emulator.StatusSuccess, "")
}

func TestAgent_errors(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	attrs := func(region string, ids ...string) error {
		_, err := c.DescribeCloudAssistantAttributes(&swas.DescribeCloudAssistantAttributesRequest{
			RegionId: tea.String(region), InstanceIds: tea.StringSlice(ids),
		})
		return err
	}
	install := func(ids ...string) error {
		_, err := c.InstallCloudAssistant(&swas.InstallCloudAssistantRequest{RegionId: tea.String(testRegion), InstanceIds: tea.StringSlice(ids)})
		return err
	}
	_, pageErr := c.DescribeCloudAssistantStatus(&swas.DescribeCloudAssistantStatusRequest{RegionId: tea.String(testRegion), PageSize: tea.Int32(51)})
	for _, tc := range []struct {
		name   string
		err    error
		code   string
		status int
	}{
		{"no instance ids", attrs(testRegion), "MissingInstanceIds", 400},
		{"unknown instance", attrs(testRegion, "nope"), "InvalidInstanceId.NotFound", 404},
		{"unknown region", attrs("xx-nowhere-1", testInstance), "RegionIdNotMatchHost", 400},
		{"install on unknown instance", install("nope"), "InvalidInstanceId.NotFound", 404},
		{"page too large", pageErr, "InvalidParam", 403},
	} {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.err, tc.code, tc.status) })
	}
}

// TestAgent_listsTheRegion: without InstanceIds, the Cloud Assistant
// listings cover the region's servers that are not released, by id, a
// page at a time.
func TestAgent_listsTheRegion(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	id := func(n int) string { return fmt.Sprintf("ace0706b2ac4454d984295a9421300%02d", n) }
	for n, status := range map[int]string{2: emulator.InstanceStopped, 3: emulator.InstanceRunning, 4: emulator.InstanceRunning, 5: emulator.InstanceRunning, 6: emulator.InstanceReleased} {
		e.srv.AddInstance(emulator.Instance{ID: id(n), RegionID: testRegion, Status: status})
	}
	e.srv.AddInstance(emulator.Instance{ID: id(7), RegionID: "cn-shanghai", Status: emulator.InstanceRunning})
	c := e.client(t)
	for number, want := range [][]string{{id(1), id(2)}, {id(3), id(4)}, {id(5)}, {}} {
		resp, err := c.DescribeCloudAssistantStatus(&swas.DescribeCloudAssistantStatusRequest{
			RegionId: tea.String(testRegion), PageNumber: tea.Int32(int32(number + 1)), PageSize: tea.Int32(2),
		})
		if err != nil {
			t.Fatalf("page %d: %v", number+1, err)
		}
		got := []string{}
		for _, s := range resp.Body.CloudAssistantStatus {
			got = append(got, tea.StringValue(s.InstanceId))
		}
		if !slices.Equal(got, want) || tea.Int32Value(resp.Body.TotalCount) != 5 {
			t.Errorf("page %d: %v of %d, want %v of 5", number+1, got, tea.Int32Value(resp.Body.TotalCount), want)
		}
	}
}

// TestAgent_instanceIdsLimit: a request names at most 100 servers.
func TestAgent_instanceIdsLimit(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	ids := []string{testInstance}
	for n := 2; n <= 101; n++ {
		ids = append(ids, fmt.Sprintf("ace0706b2ac4454d984295a94213%04d", n))
		e.srv.AddInstance(emulator.Instance{ID: ids[len(ids)-1], RegionID: testRegion, Status: emulator.InstanceRunning})
	}
	c := e.client(t)
	status := func(ids []string) (*swas.DescribeCloudAssistantStatusResponse, error) {
		return c.DescribeCloudAssistantStatus(&swas.DescribeCloudAssistantStatusRequest{
			RegionId: tea.String(testRegion), InstanceIds: tea.StringSlice(ids), PageSize: tea.Int32(50),
		})
	}
	resp, err := status(ids[:100])
	if err != nil {
		t.Fatalf("100 servers: %v", err)
	}
	if got := tea.Int32Value(resp.Body.TotalCount); got != 100 {
		t.Errorf("100 servers: TotalCount %d", got)
	}
	_, err = status(ids)
	wantAPIError(t, err, "InvalidParam", 403)
}
