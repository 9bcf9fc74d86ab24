package invocations_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccInvocationResult_referenceSample reads the API reference's sample
// response and checks every field.
func TestAccInvocationResult_referenceSample(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID:   "t-bj02prjje65abcd",
		InstanceID: acctest.Instance,
		InvokeUser: "root",
		CreatedAt:  acctest.Epoch,
		RunningFor: time.Second,
		Output:     []byte("admin\n"),
	})
	emu.Clock.Advance(time.Minute)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.ResultAddress, "id", knownvalue.StringExact(acctest.Instance+":t-bj02prjje65abcd")),
				acctest.ExpectValue(acctest.ResultAddress, "region_id", knownvalue.StringExact(acctest.Region)),
				acctest.ExpectValue(acctest.ResultAddress, "request_id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F-]{20,}$`))),
				acctest.ExpectValue(acctest.ResultAddress, "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue(acctest.ResultAddress, "invoke_record_status", knownvalue.StringExact("Finished")),
				acctest.ExpectValue(acctest.ResultAddress, "exit_code", knownvalue.Int64Exact(0)),
				acctest.ExpectValue(acctest.ResultAddress, "error_code", knownvalue.StringExact("")),
				acctest.ExpectValue(acctest.ResultAddress, "error_info", knownvalue.StringExact("")),
				acctest.ExpectValue(acctest.ResultAddress, "start_time", knownvalue.StringExact("2022-07-11T06:37:16Z")),
				acctest.ExpectValue(acctest.ResultAddress, "finished_time", knownvalue.StringExact("2022-07-11T06:37:17Z")),
				acctest.ExpectValue(acctest.ResultAddress, "invoke_user", knownvalue.StringExact("root")),
				acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("admin\n")),
				acctest.ExpectValue(acctest.ResultAddress, "output_base64", knownvalue.StringExact("YWRtaW4K")),
			},
		}},
	})
}

// TestAccInvocationResult_unsuccessfulStatuses reads a failed command and
// every other final status, each with the error code and information the
// API reference gives for it.
func TestAccInvocationResult_unsuccessfulStatuses(t *testing.T) {
	emu := acctest.NewEmulator(t)
	cases := []struct {
		name, status, errorCode, errorInfo, record string
		exitCode                                   knownvalue.Check
	}{
		{"failed", "Failed", "ExitCodeNonzero", "the command execution exit code is not zero", "Finished", knownvalue.Int64Exact(3)},
		{"timeout", "Timeout", "ExecutionTimeout", "the command execution has been timeout", "Failed", knownvalue.NotNull()},
		{"error", "Error", "ClientNotRunning", "the aliyun service is not running on the instance", "Finished", knownvalue.NotNull()},
		{"cancelled", "Cancelled", "", "", "Stopped", knownvalue.NotNull()},
		{"terminated", "Terminated", "ExecutionInterrupted", "the command execution has been interrupted", "Stopped", knownvalue.NotNull()},
		{"invalid", "Invalid", "CommandNotApplicable", "the command is not applicable", "Failed", knownvalue.NotNull()},
		{"aborted", "Aborted", "InstanceNotRunning", "the instance is not running when create task", "Failed", knownvalue.NotNull()},
	}

	type read struct{ Name, InvokeID string }
	var reads []read
	var checks []statecheck.StateCheck
	for i, c := range cases {
		invokeID := fmt.Sprintf("t-status%d", i)
		inv := emulator.Invocation{
			InvokeID:    invokeID,
			InstanceID:  acctest.Instance,
			InvokeUser:  "root",
			CreatedAt:   acctest.Epoch,
			PendingFor:  time.Second,
			RunningFor:  2 * time.Second,
			FinalStatus: c.status,
			ErrorCode:   c.errorCode,
			Output:      []byte("partial output\n"),
		}
		if c.status == "Failed" {
			inv.ExitCode = 3
		}
		emu.AddInvocation(inv)

		reads = append(reads, read{Name: c.name, InvokeID: invokeID})
		address := "data.swas_invocation_result." + c.name
		checks = append(checks,
			acctest.ExpectValue(address, "invocation_status", knownvalue.StringExact(c.status)),
			acctest.ExpectValue(address, "invoke_record_status", knownvalue.StringExact(c.record)),
			acctest.ExpectValue(address, "error_code", knownvalue.StringExact(c.errorCode)),
			acctest.ExpectValue(address, "error_info", knownvalue.StringExact(c.errorInfo)),
			acctest.ExpectValue(address, "exit_code", c.exitCode),
		)
	}
	emu.Clock.Advance(time.Hour)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads}),
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccInvocationResult_lifecycle reads a command while it runs, then, as
// the emulator's clock moves on, once it finished.
func TestAccInvocationResult_lifecycle(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID:   "t-lifecycle",
		InstanceID: acctest.Instance,
		InvokeUser: "root",
		CreatedAt:  acctest.Epoch,
		PendingFor: time.Second,
		RunningFor: time.Minute,
		Output:     []byte("done\n"),
	})
	emu.Clock.Advance(10 * time.Second)
	config := emu.Config(t, "main.tf", nil)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "invocation_status", knownvalue.StringExact("Running")),
					acctest.ExpectValue(acctest.ResultAddress, "invoke_record_status", knownvalue.StringExact("Running")),
					acctest.ExpectValue(acctest.ResultAddress, "start_time", knownvalue.StringExact("2022-07-11T06:37:17Z")),
					acctest.ExpectValue(acctest.ResultAddress, "finished_time", knownvalue.StringExact("")),
				},
			},
			{
				PreConfig: func() { emu.Clock.Advance(time.Hour) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "invocation_status", knownvalue.StringExact("Success")),
					acctest.ExpectValue(acctest.ResultAddress, "finished_time", knownvalue.StringExact("2022-07-11T06:38:17Z")),
					acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("done\n")),
				},
			},
		},
	})
}

// TestAccInvocationResult_waitForCompletion waits for a running command while
// the emulator's clock moves on with every poll.
func TestAccInvocationResult_waitForCompletion(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID:   "t-waited",
		InstanceID: acctest.Instance,
		CreatedAt:  acctest.Epoch,
		PendingFor: 5 * time.Second,
		RunningFor: 30 * time.Second,
		Output:     []byte("finished while you waited\n"),
	})
	emu.AdvanceClockOnRequest(acctest.DescribeResultAction, 10*time.Second)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.ResultAddress, "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("finished while you waited\n")),
			},
		}},
	})
	if n := emu.Requests(acctest.DescribeResultAction); n < 4 {
		t.Errorf("the read polled %d times; a command running 35s on a clock moving 10s per poll needs at least 4", n)
	}
}

// TestAccInvocationResult_waitTimesOut gives up on a command that runs
// longer than timeouts.read, naming the last status seen.
func TestAccInvocationResult_waitTimesOut(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID:   "t-slow",
		InstanceID: acctest.Instance,
		CreatedAt:  acctest.Epoch,
		RunningFor: 24 * time.Hour,
	})
	emu.Clock.Advance(time.Second)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: regexp.MustCompile(`(?s)Timed out waiting for the command.*t-slow was still\s+Running after waiting`),
		}},
	})
}

// TestAccInvocationResult_requireSuccess fails the read of a failed or
// unfinished command with what the user needs to act, and passes a
// successful one.
func TestAccInvocationResult_requireSuccess(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-good", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: time.Second,
		Output: []byte("ok\n"),
	})
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-bad", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: time.Second,
		FinalStatus: "Failed", ExitCode: 2,
		Output: []byte("step 1\nstep 2\nerror: disk full\n"),
	})
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-busy", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: 24 * time.Hour,
	})
	emu.Clock.Advance(time.Minute)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-bad"}),
				ExpectError: regexp.MustCompile(`(?s)Command did not succeed.*status Failed, exit code 2, error\s+code ExitCodeNonzero.*` +
					`Last lines of output:.*error: disk full`),
			},
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-busy"}),
				ExpectError: regexp.MustCompile(`(?s)Command still running.*is Running.*wait_for_completion = true`),
			},
			{
				Config: emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-good"}),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "invocation_status", knownvalue.StringExact("Success")),
				},
			},
		},
	})
}

// TestAccInvocationResult_notFound points the error at the id the API did
// not find.
func TestAccInvocationResult_notFound(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-exists", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": "ace0706b2ac4454d984295a9421399ff", "InvokeID": "t-exists"}),
				ExpectError: regexp.MustCompile(`(?s)Not found.*with data.swas_invocation_result.test,.*instance_id.*code\s+InvalidInstanceId.NotFound.*request id`),
			},
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-missing"}),
				ExpectError: regexp.MustCompile(`(?s)Not found.*invoke_id.*code\s+InvalidInvokeId.NotFound.*request id`),
			},
		},
	})
}

// TestAccInvocationResult_wrongCredentials reports the API's rejection with
// its code and request id, after a single attempt.
func TestAccInvocationResult_wrongCredentials(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-exists", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"SecretKey": "not-the-secret"}),
				ExpectError: regexp.MustCompile(`(?s)Alibaba Cloud rejected the credentials.*code\s+SignatureDoesNotMatch.*request id`),
			},
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"AccessKey": "LTAI5tUnknownKey"}),
				ExpectError: regexp.MustCompile(`(?s)Alibaba Cloud rejected the credentials.*code\s+InvalidAccessKeyId.NotFound`),
			},
		},
	})
	if n := emu.TotalRequests(); n != 2 {
		t.Errorf("the emulator saw %d requests; a rejected credential must not be retried (want 2)", n)
	}
}

// TestAccInvocationResult_region takes the region from the provider, or
// from region_id, which wins.
func TestAccInvocationResult_region(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const shanghaiInstance = "ace0706b2ac4454d984295a942130002"
	emu.AddInstance(emulator.Instance{ID: shanghaiInstance, RegionID: "cn-shanghai", Status: emulator.InstanceRunning})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-hangzhou", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-shanghai", InstanceID: shanghaiInstance, CreatedAt: acctest.Epoch})
	shanghai := acctest.ConfigValues{"Instance": shanghaiInstance, "InvokeID": "t-shanghai"}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-hangzhou"}),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "region_id", knownvalue.StringExact("cn-hangzhou")),
				},
			},
			{
				Config: emu.Config(t, "region_id.tf", shanghai),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "region_id", knownvalue.StringExact("cn-shanghai")),
				},
			},
			{
				Config:      emu.Config(t, "main.tf", shanghai),
				ExpectError: regexp.MustCompile(`InvalidInstanceId.NotFound`),
			},
			{
				Config:      emu.Config(t, "provider_without_region.tf", acctest.ConfigValues{"InvokeID": "t-hangzhou"}),
				ExpectError: regexp.MustCompile(`(?s)No region.*Neither region_id nor the provider's region is set`),
			},
		},
	})
}

// TestAccInvocationResult_precondition gates a downstream resource on the
// command's success.
func TestAccInvocationResult_precondition(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-setup", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: time.Second,
		Output: []byte("configured\n"),
	})
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-broken", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: time.Second,
		FinalStatus: "Failed", ExitCode: 1,
	})
	emu.Clock.Advance(time.Minute)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-setup"}),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue("terraform_data.after_setup", "output", knownvalue.StringExact("configured\n")),
				},
			},
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-broken"}),
				ExpectError: regexp.MustCompile(`The setup command did not succeed: ExitCodeNonzero`),
			},
		},
	})
}

// TestAccInvocationResult_unknownAtPlan reads at apply when an input is
// only known then.
func TestAccInvocationResult_unknownAtPlan(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-later", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("late\n"),
	})
	emu.Clock.Advance(time.Minute)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("late\n")),
			},
		}},
	})
}

// TestAccInvocationResult_invalidInputs rejects malformed inputs at plan
// time, naming the attribute, without calling the API.
func TestAccInvocationResult_invalidInputs(t *testing.T) {
	emu := acctest.NewEmulator(t)
	steps := []resource.TestStep{}
	for _, c := range []struct{ instance, invoke, arguments, want string }{
		{"", "t-1", "", `(?s)Invalid instance_id.*is empty`},
		{"   ", "t-1", "", `(?s)Invalid instance_id.*only white space`},
		{"ace0706b 2ac4", "t-1", "", `(?s)Invalid instance_id.*is not a SWAS instance ID`},
		{acctest.Instance, "", "", `(?s)Invalid invoke_id.*is empty`},
		{acctest.Instance, " t-1", "", `(?s)Invalid invoke_id.*leading or trailing white space`},
		{acctest.Instance, "x-123", "", `(?s)Invalid invoke_id.*is not a Cloud Assistant invoke ID`},
		{acctest.Instance, "t-1", `  region_id = "Hangzhou"`, `(?s)Invalid region_id.*is not a region ID`},
		{acctest.Instance, "t-1", `  timeouts { read = "soon" }`, `(?s)Invalid timeouts.read.*"soon", which is not a duration`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": c.instance, "InvokeID": c.invoke, "Arguments": c.arguments}),
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: steps})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}
