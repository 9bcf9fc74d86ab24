package emulator_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// The reference's sample: Success at 06:37:16Z-06:37:17Z with output admin.
func TestDescribeInvocationResultReferenceSample(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	id := e.srv.AddInvocation(emulator.Invocation{
		InvokeID:   "t-bj02prjje65abcd",
		InstanceID: testInstance,
		PendingFor: time.Second,
		RunningFor: time.Second,
		Output:     []byte("admin\n"),
	})
	e.clock.Advance(time.Minute)

	got := e.mustResult(t, e.client(t), id)
	want := &swas.DescribeInvocationResultResponseBodyInvocationResult{
		StartTime:          tea.String("2022-07-11T06:37:16Z"),
		FinishedTime:       tea.String("2022-07-11T06:37:17Z"),
		InvocationStatus:   tea.String("Success"),
		ExitCode:           tea.Int64(0),
		ErrorInfo:          tea.String(""),
		ErrorCode:          tea.String(""),
		InvokeId:           tea.String("t-bj02prjje65abcd"),
		InvokeRecordStatus: tea.String("Finished"),
		InvokeUser:         tea.String("root"),
		Output:             tea.String("YWRtaW4K"),
		InstanceId:         tea.String(testInstance),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestDescribeInvocationResultAllFields(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	id := e.srv.AddInvocation(emulator.Invocation{
		InstanceID:  testInstance,
		InvokeUser:  "admin",
		FinalStatus: emulator.StatusFailed,
		ExitCode:    2,
		Output:      []byte("boom\n"),
	})
	resp, err := e.client(t).DescribeInvocationResult(&swas.DescribeInvocationResultRequest{
		RegionId:   tea.String(testRegion),
		InstanceId: tea.String(testInstance),
		InvokeId:   tea.String(id),
	})
	if err != nil {
		t.Fatal(err)
	}
	if tea.StringValue(resp.Body.RequestId) == "" {
		t.Error("RequestId is empty")
	}
	assertPopulated(t, resp.Body.InvocationResult)
	r := resp.Body.InvocationResult
	if tea.StringValue(r.ErrorCode) != "ExitCodeNonzero" || tea.StringValue(r.ErrorInfo) != "the command execution exit code is not zero" || tea.Int64Value(r.ExitCode) != 2 {
		t.Errorf("got %v", r)
	}
}

// assertPopulated fails for any nil pointer or empty string field.
func assertPopulated(t *testing.T, v any) {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Field(i)
		name := rv.Type().Field(i).Name
		if f.IsNil() {
			t.Errorf("%s is missing", name)
		} else if f.Kind() == reflect.Pointer && f.Elem().Kind() == reflect.String && f.Elem().String() == "" {
			t.Errorf("%s is empty", name)
		}
	}
}

func TestDescribeInvocations(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	other := "ace0706b2ac4454d984295a942130002"
	e.srv.AddInstance(emulator.Instance{ID: other, RegionID: testRegion, Status: emulator.InstanceRunning})
	e.srv.AddInvocation(emulator.Invocation{InstanceID: other})
	for i := 0; i < 25; i++ {
		e.srv.AddInvocation(emulator.Invocation{
			InvokeID:       fmt.Sprintf("t-%02d", i),
			InstanceID:     testInstance,
			CommandName:    "list",
			CommandContent: "ls -l",
			Parameters:     map[string]any{"dir": "/tmp"},
			CreatedAt:      start.Add(time.Duration(i) * time.Minute),
			RunningFor:     time.Duration(i) * time.Minute, // the newest ones still run
		})
	}
	e.clock.Advance(30 * time.Minute)
	c := e.client(t)

	list := func(page, size int32, status string) *swas.DescribeInvocationsResponseBody {
		t.Helper()
		req := &swas.DescribeInvocationsRequest{RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance)}
		if page > 0 {
			req.PageNumber, req.PageSize = tea.Int32(page), tea.Int32(size)
		}
		if status != "" {
			req.InvokeStatus = tea.String(status)
		}
		resp, err := c.DescribeInvocations(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Body
	}

	first := list(0, 0, "")
	if tea.Int32Value(first.TotalCount) != 25 || tea.Int32Value(first.PageNumber) != 1 || tea.Int32Value(first.PageSize) != 10 || len(first.Invocations) != 10 {
		t.Fatalf("default page: total %d page %d size %d len %d", tea.Int32Value(first.TotalCount), tea.Int32Value(first.PageNumber), tea.Int32Value(first.PageSize), len(first.Invocations))
	}
	if tea.StringValue(first.RequestId) == "" {
		t.Error("RequestId is empty")
	}
	newest := first.Invocations[0]
	assertPopulated(t, newest)
	want := &swas.DescribeInvocationsResponseBodyInvocations{
		CommandContent:   tea.String(base64.StdEncoding.EncodeToString([]byte("ls -l"))),
		CommandName:      tea.String("list"),
		CommandType:      tea.String("RunShellScript"),
		CreationTime:     tea.String("2022-07-11T07:01:15Z"),
		InvocationStatus: tea.String("Running"),
		InvokeId:         tea.String("t-24"),
		InvokeStatus:     tea.String("Running"),
		Parameters:       map[string]any{"dir": "/tmp"},
	}
	if !reflect.DeepEqual(newest, want) {
		t.Errorf("newest:\ngot  %v\nwant %v", newest, want)
	}

	last := list(3, 10, "")
	if len(last.Invocations) != 5 || tea.StringValue(last.Invocations[4].InvokeId) != "t-00" {
		t.Errorf("page 3 has %d invocations, last %v", len(last.Invocations), last.Invocations)
	}
	if beyond := list(4, 10, ""); len(beyond.Invocations) != 0 || tea.Int32Value(beyond.TotalCount) != 25 {
		t.Errorf("page 4: %v", beyond)
	}

	// Created at minute i and running i minutes: at minute 30, i <= 15 have finished.
	finished := list(1, 50, "Finished")
	if tea.Int32Value(finished.TotalCount) != 16 || len(finished.Invocations) != 16 {
		t.Errorf("Finished: total %d, len %d", tea.Int32Value(finished.TotalCount), len(finished.Invocations))
	}
	if running := list(1, 50, "Running"); tea.Int32Value(running.TotalCount) != 9 {
		t.Errorf("Running: total %d", tea.Int32Value(running.TotalCount))
	}
}

func TestRunCommand(t *testing.T) {
	e := newEnv(t, emulator.Options{
		RunCommand: func(inv *emulator.Invocation) {
			inv.Output = []byte("eth0\n")
		},
	})
	c := e.client(t)
	resp, err := c.RunCommand(&swas.RunCommandRequest{
		RegionId:        tea.String(testRegion),
		InstanceId:      tea.String(testInstance),
		Name:            tea.String("ifconfig"),
		Type:            tea.String("RunShellScript"),
		CommandContent:  tea.String("ifconfig -s {{iface}}"),
		EnableParameter: tea.Bool(true),
		Parameters:      map[string]any{"iface": "eth0"},
		Timeout:         tea.Int32(60),
		WorkingUser:     tea.String("admin"),
	})
	if err != nil {
		t.Fatal(err)
	}
	assertPopulated(t, resp.Body)
	id := tea.StringValue(resp.Body.InvokeId)

	r := e.mustResult(t, c, id)
	if got := tea.StringValue(r.InvocationStatus); got != "Pending" {
		t.Errorf("right after RunCommand: %s, want Pending", got)
	}
	e.clock.Advance(emulator.DefaultPendingFor + emulator.DefaultRunningFor)
	r = e.mustResult(t, c, id)
	if tea.StringValue(r.InvocationStatus) != "Success" || tea.StringValue(r.Output) != base64.StdEncoding.EncodeToString([]byte("eth0\n")) || tea.StringValue(r.InvokeUser) != "admin" {
		t.Errorf("finished: %v", r)
	}

	list, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance)})
	if err != nil {
		t.Fatal(err)
	}
	inv := list.Body.Invocations[0]
	if tea.StringValue(inv.InvokeId) != id ||
		tea.StringValue(inv.CommandContent) != base64.StdEncoding.EncodeToString([]byte("ifconfig -s {{iface}}")) ||
		!reflect.DeepEqual(inv.Parameters, map[string]any{"iface": "eth0"}) {
		t.Errorf("listed: %v", inv)
	}
}

func TestRequestErrors(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.AddInstance(emulator.Instance{ID: "stopped", RegionID: testRegion, Status: emulator.InstanceStopped})
	e.srv.AddInstance(emulator.Instance{ID: "released", RegionID: testRegion, Status: emulator.InstanceRunning})
	e.srv.AddInstance(emulator.Instance{ID: "shanghai", RegionID: "cn-shanghai", Status: emulator.InstanceRunning})
	e.srv.AddInvocation(emulator.Invocation{InvokeID: "t-released", InstanceID: "released"})
	e.srv.SetInstanceStatus("released", emulator.InstanceReleased)
	e.srv.AddInvocation(emulator.Invocation{InvokeID: "t-shanghai", InstanceID: "shanghai"})
	c := e.client(t)

	result := func(region, instance, invoke string) error {
		_, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{
			RegionId: nonEmpty(region), InstanceId: nonEmpty(instance), InvokeId: nonEmpty(invoke),
		})
		return err
	}
	run := func(instance, typ string, timeout int32) error {
		_, err := c.RunCommand(&swas.RunCommandRequest{
			RegionId: tea.String(testRegion), InstanceId: tea.String(instance), Name: tea.String("n"),
			Type: tea.String(typ), CommandContent: tea.String("true"), Timeout: tea.Int32(timeout),
		})
		return err
	}
	list := func(status string, size int32) error {
		_, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{
			RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance), InvokeStatus: nonEmpty(status), PageSize: tea.Int32(size),
		})
		return err
	}

	for _, tc := range []struct {
		name   string
		err    error
		code   string
		status int
	}{
		{"missing region", result("", testInstance, "t-x"), "MissingRegionId", 400},
		{"missing instance", result(testRegion, "", "t-x"), "MissingInstanceId", 400},
		{"missing invoke id", result(testRegion, testInstance, ""), "MissingInvokeId", 400},
		{"unknown region", result("xx-nowhere-1", testInstance, "t-x"), "RegionIdNotMatchHost", 400},
		{"unknown instance", result(testRegion, "nope", "t-x"), "InvalidInstanceId.NotFound", 404},
		{"instance in another region", result(testRegion, "shanghai", "t-shanghai"), "InvalidInstanceId.NotFound", 404},
		{"released instance", result(testRegion, "released", "t-released"), "InvalidInstanceId.NotFound", 404},
		{"unknown invoke id", result(testRegion, testInstance, "t-nope"), "InvalidInvokeId.NotFound", 404},
		{"invoke id of another instance", result("cn-shanghai", "shanghai", "t-released"), "InvalidInvokeId.NotFound", 404},
		{"run on stopped instance", run("stopped", "RunShellScript", 60), "IncorrectInstanceStatus", 403},
		{"run on released instance", run("released", "RunShellScript", 60), "InvalidInstanceId.NotFound", 404},
		{"bad command type", run(testInstance, "RunPythonScript", 60), "InvalidParam", 403},
		{"timeout too short", run(testInstance, "RunShellScript", 5), "InvalidParam", 403},
		{"bad invoke status", list("Done", 10), "InvalidParam", 403},
		{"page too large", list("", 51), "InvalidParam", 403},
	} {
		t.Run(tc.name, func(t *testing.T) { wantAPIError(t, tc.err, tc.code, tc.status) })
	}

	t.Run("missing RunCommand fields", func(t *testing.T) {
		_, err := c.RunCommand(&swas.RunCommandRequest{RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance)})
		wantAPIError(t, err, "MissingName", 400)
	})
	t.Run("unknown action", func(t *testing.T) {
		_, err := c.CallApi(rpcParams("DeleteEverything", "2020-06-01"), &openapiutil.OpenApiRequest{}, &dara.RuntimeOptions{})
		wantAPIError(t, err, "InvalidAction.NotFound", 404)
	})
	t.Run("every action Actions lists", func(t *testing.T) {
		served := emulator.Actions()
		if len(served) == 0 || !slices.IsSorted(served) {
			t.Fatalf("Actions() = %v, want the served actions, sorted", served)
		}
		for _, action := range served {
			_, err := c.CallApi(rpcParams(action, "2020-06-01"), &openapiutil.OpenApiRequest{}, &dara.RuntimeOptions{})
			var sdkErr *tea.SDKError
			if errors.As(err, &sdkErr) && tea.StringValue(sdkErr.Code) == "InvalidAction.NotFound" {
				t.Errorf("%s is listed but not served", action)
			}
		}
	})
	t.Run("wrong version", func(t *testing.T) {
		_, err := c.CallApi(rpcParams("DescribeInvocations", "2014-05-26"), &openapiutil.OpenApiRequest{}, &dara.RuntimeOptions{})
		wantAPIError(t, err, "InvalidVersion", 400)
	})
}

func rpcParams(action, version string) *openapiutil.Params {
	return &openapiutil.Params{
		Action: tea.String(action), Version: tea.String(version), Protocol: tea.String("HTTPS"),
		Pathname: tea.String("/"), Method: tea.String("POST"), AuthType: tea.String("AK"),
		Style: tea.String("RPC"), ReqBodyType: tea.String("formData"), BodyType: tea.String("json"),
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return tea.String(s)
}

func TestRetention(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	old := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance})
	e.clock.Advance(emulator.Retention)
	fresh := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance})
	e.mustResult(t, c, old) // exactly two weeks old: still kept

	e.clock.Advance(time.Second)
	_, err := e.result(t, c, old)
	wantAPIError(t, err, "InvalidInvokeId.NotFound", 404)
	e.mustResult(t, c, fresh)
	list, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance)})
	if err != nil {
		t.Fatal(err)
	}
	if tea.Int32Value(list.Body.TotalCount) != 1 {
		t.Errorf("listed %d invocations, want 1", tea.Int32Value(list.Body.TotalCount))
	}
}

func TestMaxInvocations(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	for i := 0; i <= emulator.MaxInvocations; i++ {
		e.srv.AddInvocation(emulator.Invocation{InvokeID: fmt.Sprint("t-", i), InstanceID: testInstance})
	}
	c := e.client(t)
	_, err := e.result(t, c, "t-0")
	wantAPIError(t, err, "InvalidInvokeId.NotFound", 404)
	e.mustResult(t, c, "t-1")
	e.mustResult(t, c, fmt.Sprint("t-", emulator.MaxInvocations))
}

// Tests can seed output that is not UTF-8, or an Output that is not even
// base64.
func TestHostileOutput(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	binary := []byte{0xff, 0xfe, 0x00, 'o', 'k', 0xc3}
	id := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance, Output: binary})
	raw := "%%% not base64 \u0000 <script>"
	rawID := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance, RawOutput: &raw})

	got, err := base64.StdEncoding.DecodeString(tea.StringValue(e.mustResult(t, c, id).Output))
	if err != nil || string(got) != string(binary) {
		t.Errorf("output = %q, %v; want %q", got, err, binary)
	}
	if got := tea.StringValue(e.mustResult(t, c, rawID).Output); got != raw {
		t.Errorf("raw output = %q, want %q", got, raw)
	}
}
