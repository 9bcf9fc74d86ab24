package emulator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestSampleWorldFixture loads the sample fixture: two regions, a stopped
// instance, a success, a failure, a command still running and a RunCommand
// timeline.
func TestSampleWorldFixture(t *testing.T) {
	clock := emulator.NewManualClock(start)
	srv, err := emulator.NewFromFixture("testdata/sample-world.json", emulator.Options{Clock: clock, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	creds := srv.Credentials()
	if len(creds) != 1 || creds[0].AccessKeyID != "EMULATORSAMPLEKEY" {
		t.Fatalf("credentials: %v", creds)
	}
	if got := srv.Regions(); strings.Join(got, ",") != "cn-hangzhou,cn-shanghai" {
		t.Errorf("regions: %v", got)
	}
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	e := &testEnv{clock: clock, srv: srv, l: l}
	cfg := e.config()
	cfg.AccessKeyId, cfg.AccessKeySecret = tea.String(creds[0].AccessKeyID), tea.String(creds[0].AccessKeySecret)
	c := newClient(t, cfg)
	const instance = "ace0706b2ac4454d984295a942130001"
	result := func(id string) *swas.DescribeInvocationResultResponseBodyInvocationResult {
		t.Helper()
		resp, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{
			RegionId: tea.String("cn-hangzhou"), InstanceId: tea.String(instance), InvokeId: tea.String(id),
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Body.InvocationResult
	}

	if r := result("t-hz02prjje650001"); tea.StringValue(r.InvocationStatus) != "Success" || tea.StringValue(r.Output) != "YWRtaW4K" {
		t.Errorf("success sample: %v", r)
	}
	if r := result("t-hz02prjje650002"); tea.StringValue(r.InvocationStatus) != "Failed" || tea.Int64Value(r.ExitCode) != 1 {
		t.Errorf("failed sample: %v", r)
	}
	if r := result("t-hz02prjje650003"); tea.StringValue(r.InvocationStatus) != "Running" {
		t.Errorf("running sample: %v", r)
	}
	clock.Advance(10 * time.Minute)
	if r := result("t-hz02prjje650003"); tea.StringValue(r.InvocationStatus) != "Success" {
		t.Errorf("running sample 10 minutes later: %v", r)
	}

	resp, err := c.RunCommand(&swas.RunCommandRequest{
		RegionId: tea.String("cn-hangzhou"), InstanceId: tea.String(instance), Name: tea.String("hello"),
		Type: tea.String("RunShellScript"), CommandContent: tea.String("echo hello"),
	})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(7 * time.Second)
	if r := result(tea.StringValue(resp.Body.InvokeId)); tea.StringValue(r.Output) != "aGVsbG8gZnJvbSB0aGUgU1dBUyBlbXVsYXRvcgo=" {
		t.Errorf("RunCommand with the fixture's timeline: %v", r)
	}

	_, err = c.RunCommand(&swas.RunCommandRequest{
		RegionId: tea.String("cn-hangzhou"), InstanceId: tea.String("ace0706b2ac4454d984295a942130002"), Name: tea.String("hello"),
		Type: tea.String("RunShellScript"), CommandContent: tea.String("echo hello"),
	})
	wantAPIError(t, err, "IncorrectInstanceStatus", 403)
}

func TestFixtureErrors(t *testing.T) {
	for name, body := range map[string]string{
		"unknown field":     `{"instances": [{"id": "i-1", "regionId": "cn-hangzhou", "state": "Running"}]}`,
		"bad duration":      `{"instances": [{"id": "i-1", "regionId": "cn-hangzhou", "status": "Running"}], "invocations": [{"instanceId": "i-1", "pendingFor": "soon"}]}`,
		"unknown instance":  `{"invocations": [{"instanceId": "i-404"}]}`,
		"unknown region":    `{"instances": [{"id": "i-1", "regionId": "mars-1", "status": "Running"}]}`,
		"unknown status":    `{"instances": [{"id": "i-1", "regionId": "cn-hangzhou", "status": "Running"}], "invocations": [{"instanceId": "i-1", "finalStatus": "Done"}]}`,
		"two outputs":       `{"instances": [{"id": "i-1", "regionId": "cn-hangzhou", "status": "Running"}], "invocations": [{"instanceId": "i-1", "output": "a", "outputBase64": "YQ=="}]}`,
		"incomplete key":    `{"credentials": [{"accessKeyId": "AK"}]}`,
		"bad runCommand":    `{"runCommand": {"outputBase64": "%%%"}}`,
		"bad invokeCommand": `{"invokeCommand": {"instances": {"i-1": {"outputBase64": "%%%"}}}}`,
		"not a fixture":     `[]`,
		"fleet of none":     `{"fleets": [{"idFormat": "f-%d", "count": 0, "regionId": "cn-hangzhou"}]}`,
		"fleet without %d":  `{"fleets": [{"idFormat": "f", "count": 3, "regionId": "cn-hangzhou"}]}`,
		"fleet beyond":      `{"fleets": [{"idFormat": "f-%d", "count": 3, "regionId": "cn-hangzhou", "noAgent": ["2-4"]}]}`,
		"fleet backwards":   `{"fleets": [{"idFormat": "f-%d", "count": 3, "regionId": "cn-hangzhou", "outcomes": {"3-2": {}}}]}`,
		"fleet server 0":    `{"fleets": [{"idFormat": "f-%d", "count": 3, "regionId": "cn-hangzhou", "agentOnlineAfter": {"0": "1m"}}]}`,
		"fleet not a range": `{"fleets": [{"idFormat": "f-%d", "count": 3, "regionId": "cn-hangzhou", "noAgent": ["two"]}]}`,
		"fleet too large":   `{"fleets": [{"idFormat": "f-%d", "count": 100001, "regionId": "cn-hangzhou"}]}`,
		"fleet bad region":  `{"fleets": [{"idFormat": "f-%d", "count": 3, "regionId": "mars-1"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fixture.json")
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := emulator.NewFromFixture(path, emulator.Options{}); err == nil {
				t.Error("no error")
			} else {
				t.Log(err)
			}
		})
	}
}

// TestFixtureInvokeCommandOutcomes: a fixture sets the outcome of
// InvokeCommand per server, with a default for the others.
func TestFixtureInvokeCommandOutcomes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixture.json")
	fixture := `{
	  "credentials": [{"accessKeyId": "` + testAccessKeyID + `", "accessKeySecret": "` + testSecret + `"}],
	  "instances": [{"id": "a", "regionId": "cn-hangzhou", "status": "Running"},
	                {"id": "b", "regionId": "cn-hangzhou", "status": "Running"}],
	  "invokeCommand": {
	    "default": {"pendingFor": "1s", "runningFor": "2s", "output": "deployed\n"},
	    "instances": {"b": {"runningFor": "1s", "finalStatus": "Failed", "exitCode": 7, "output": "oops\n"}}
	  }
	}`
	if err := os.WriteFile(path, []byte(fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := emulator.NewManualClock(start)
	srv, err := emulator.NewFromFixture(path, emulator.Options{Clock: clock, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	c := (&testEnv{clock: clock, srv: srv, l: l}).client(t)
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"),
		CommandContent: tea.String("deploy")})
	invokeID, err := invoke(c, id, `["a","b"]`, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	for _, in := range commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)}).CommandInvocations[0].InvokeInstances {
		got := tea.StringValue(in.InvocationStatus) + " " + strconv.FormatInt(tea.Int64Value(in.ExitCode), 10) + " " + tea.StringValue(in.Output)
		want := map[string]string{"a": "Success 0 " + encoded("deployed\n"), "b": "Failed 7 " + encoded("oops\n")}[tea.StringValue(in.InstanceId)]
		if got != want {
			t.Errorf("%s: %s, want %s", tea.StringValue(in.InstanceId), got, want)
		}
	}
}

// TestFixtureFleets: a fixture names hundreds of servers by number, with
// outcomes of InvokeCommand per server: some failing, some without their
// agent, whose runs the API ends Invalid with ClientNotRunning.
func TestFixtureFleets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixture.json")
	fixture := `{
	  "credentials": [{"accessKeyId": "` + testAccessKeyID + `", "accessKeySecret": "` + testSecret + `"}],
	  "fleets": [{"idFormat": "fleet-%03d", "count": 300, "regionId": "cn-hangzhou",
	              "noAgent": ["7"], "agentOnlineAfter": {"8": "1h"},
	              "outcomes": {"4-6": {"finalStatus": "Failed", "exitCode": 3, "output": "oops\n"}}}],
	  "invokeCommand": {"default": {"output": "deployed\n"}}
	}`
	if err := os.WriteFile(path, []byte(fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := emulator.NewManualClock(start)
	srv, err := emulator.NewFromFixture(path, emulator.Options{Clock: clock, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	c := (&testEnv{clock: clock, srv: srv, l: l}).client(t)
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"),
		CommandContent: tea.String("deploy")})
	var ids []string
	for n := 1; n <= 50; n++ {
		ids = append(ids, fmt.Sprintf("%q", fmt.Sprintf("fleet-%03d", n)))
	}
	invokeID, err := invoke(c, id, "["+strings.Join(ids, ",")+"]", nil)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	got := map[string]string{}
	for _, in := range commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)}).CommandInvocations[0].InvokeInstances {
		got[tea.StringValue(in.InstanceId)] = tea.StringValue(in.InvocationStatus) + " " +
			strconv.FormatInt(tea.Int64Value(in.ExitCode), 10) + " " + tea.StringValue(in.ErrorCode)
	}
	for server, want := range map[string]string{
		"fleet-001": "Success 0 ", "fleet-004": "Failed 3 ExitCodeNonzero", "fleet-006": "Failed 3 ExitCodeNonzero",
		"fleet-007": "Invalid 0 ClientNotRunning", "fleet-008": "Invalid 0 ClientNotRunning", "fleet-050": "Success 0 ",
	} {
		if got[server] != want {
			t.Errorf("%s: %q, want %q", server, got[server], want)
		}
	}
	if len(got) != 50 {
		t.Errorf("%d servers in the invocation, want 50", len(got))
	}
	if _, err := invoke(c, id, `["fleet-300"]`, nil); err != nil {
		t.Errorf("the 300th server: %v", err)
	}
	if _, err := invoke(c, id, `["fleet-301"]`, nil); err == nil {
		t.Error("a 301st server in a fleet of 300")
	}
}
