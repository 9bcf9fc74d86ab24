package runcommand_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// plansRerun is a plan-only step, so nothing runs, that expects the run
// saved as tainted to be replaced, that is, the command to run again.
func plansRerun(config string) resource.TestStep {
	return resource.TestStep{
		Config:             config,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPreRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(acctest.RunAddress, plancheck.ResourceActionReplace),
			},
		},
	}
}

// TestAccRunCommand_createAndWait plans without running anything, then runs
// a command with every argument, waits for it and exposes its result; later
// plans and refreshes neither run it again nor read a final result again.
func TestAccRunCommand_createAndWait(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	config := emu.Config(t, "main.tf", nil)
	invokeID := regexp.MustCompile(`^t-[0-9a-z]+$`)
	apiTime := regexp.MustCompile(`^2022-07-11T06:\d\d:\d\dZ$`)

	emu.TestExpectingRuns(t, 2, []resource.TestStep{
		{
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
		{
			PreConfig: func() { emu.ExpectRuns(t, 0) },
			Config:    config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invoke_id", knownvalue.StringRegexp(invokeID)),
				acctest.ExpectValue(acctest.RunAddress, "id", knownvalue.StringRegexp(regexp.MustCompile(`^`+acctest.Instance+`:t-`))),
				acctest.ExpectValue(acctest.RunAddress, "region_id", knownvalue.StringExact(acctest.Region)),
				acctest.ExpectValue(acctest.RunAddress, "type", knownvalue.StringExact("RunShellScript")),
				acctest.ExpectValue(acctest.RunAddress, "require_success", knownvalue.Bool(true)),
				acctest.ExpectValue(acctest.RunAddress, "wait_for_completion", knownvalue.Bool(true)),
				acctest.ExpectValue(acctest.RunAddress, "request_id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F-]{20,}$`))),
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue(acctest.RunAddress, "invoke_record_status", knownvalue.StringExact("Finished")),
				acctest.ExpectValue(acctest.RunAddress, "exit_code", knownvalue.Int64Exact(0)),
				acctest.ExpectValue(acctest.RunAddress, "error_code", knownvalue.StringExact("")),
				acctest.ExpectValue(acctest.RunAddress, "error_info", knownvalue.StringExact("")),
				acctest.ExpectValue(acctest.RunAddress, "start_time", knownvalue.StringRegexp(apiTime)),
				acctest.ExpectValue(acctest.RunAddress, "finished_time", knownvalue.StringRegexp(apiTime)),
				acctest.ExpectValue(acctest.RunAddress, "invoke_user", knownvalue.StringExact("deploy")),
				acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.StringExact("ran: echo {{greeting}}\n")),
				acctest.ExpectValue(acctest.RunAddress, "output_base64", knownvalue.NotNull()),
				acctest.ExpectValue("swas_run_command.windows", "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue("swas_run_command.windows", "invoke_user", knownvalue.StringExact("Administrator")),
			},
		},
		{
			Config:   config,
			PlanOnly: true,
		},
	})
	for _, inv := range emu.StartedRuns() {
		if inv.CommandType == "RunShellScript" && (inv.CommandName != "deploy" || inv.CommandContent != "echo {{greeting}}" ||
			inv.Timeout != 120*time.Second || inv.Parameters["greeting"] != "hello world") {
			t.Errorf("the API received %+v", inv)
		}
	}
	if n := emu.Requests(acctest.DescribeResultAction); n != 2 {
		t.Errorf("DescribeInvocationResult was called %d times, want 2: one wait each, and no refresh of a final result", n)
	}
}

// TestAccRunCommand_failure fails the apply of a failing command with what
// the user needs, keeps the run in the state as tainted, plans to run it
// again without running it, runs it again on the next apply, and with
// require_success = false records a failure without failing the apply.
func TestAccRunCommand_failure(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.FailsWithDiskFull)
	config := emu.Config(t, "main.tf", nil)

	emu.TestExpectingRuns(t, 3, []resource.TestStep{
		{
			Config: config,
			ExpectError: acctest.WrappedRegexp(`Command did not succeed.*with swas_run_command.test.*status Failed, exit code 2, ` +
				`error code ExitCodeNonzero.*Last lines of output: step 1 error: disk full.*saved in the state.*marked tainted`),
		},
		plansRerun(config),
		{
			PreConfig: func() {
				emu.ExpectRuns(t, 1)
				emu.SetOutcome(acctest.Succeeds)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RunAddress, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Success")),
			},
		},
		{
			PreConfig: func() { emu.SetOutcome(acctest.FailsWithDiskFull) },
			Config:    emu.Config(t, "require_success_false.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Failed")),
				acctest.ExpectValue(acctest.RunAddress, "exit_code", knownvalue.Int64Exact(2)),
				acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.StringExact("step 1\nerror: disk full\n")),
			},
		},
	})
}

// TestAccRunCommand_waitTimesOut keeps a command that outlives
// timeouts.create in the state, as it was last read, and tainted.
func TestAccRunCommand_waitTimesOut(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.RunsForADay)
	config := emu.Config(t, "main.tf", nil)

	emu.TestExpectingRuns(t, 1, []resource.TestStep{
		{
			Config:      config,
			ExpectError: acctest.WrappedRegexp(`Timed out waiting for the command.*was still Running after waiting.*Raise timeouts.create.*marked tainted`),
		},
		plansRerun(config),
	})
}

// TestAccRunCommand_triggers runs the command again when triggers change,
// and not when only require_success does.
func TestAccRunCommand_triggers(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	runs := statecheck.CompareValue(compare.ValuesDiffer())
	kept := statecheck.CompareValue(compare.ValuesSame())

	emu.TestExpectingRuns(t, 2, []resource.TestStep{
		{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Release": "v1"}),
			ConfigStateChecks: []statecheck.StateCheck{runs.AddStateValue(acctest.RunAddress, tfjsonpath.New("invoke_id"))},
		},
		{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Release": "v2"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RunAddress, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				runs.AddStateValue(acctest.RunAddress, tfjsonpath.New("invoke_id")),
				kept.AddStateValue(acctest.RunAddress, tfjsonpath.New("invoke_id")),
			},
		},
		{
			Config: emu.Config(t, "require_success_false.tf", acctest.ConfigValues{"Release": "v2"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RunAddress, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				kept.AddStateValue(acctest.RunAddress, tfjsonpath.New("invoke_id")),
				acctest.ExpectValue(acctest.RunAddress, "require_success", knownvalue.Bool(false)),
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Success")),
			},
		},
	})
}

// TestAccRunCommand_import imports a run by instance_id:invoke_id and by
// region:instance_id:invoke_id, recovering the arguments the API keeps.
func TestAccRunCommand_import(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	config := emu.Config(t, "main.tf", nil)
	// The API does not return these; request_id is that of each read.
	notImportable := []string{"timeout", "working_dir", "request_id"}
	withRegion := func(s *terraform.State) (string, error) {
		return acctest.Region + ":" + s.RootModule().Resources[acctest.RunAddress].Primary.ID, nil
	}

	emu.TestExpectingRuns(t, 1, []resource.TestStep{
		{Config: config},
		{
			ResourceName:            acctest.RunAddress,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: notImportable,
		},
		{
			ResourceName:            acctest.RunAddress,
			ImportState:             true,
			ImportStateIdFunc:       withRegion,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: notImportable,
		},
		{
			ResourceName:  acctest.RunAddress,
			ImportState:   true,
			ImportStateId: acctest.Instance + ":t-gone",
			ExpectError:   acctest.WrappedRegexp(`Cannot import: invocation not found.*no invocation t-gone`),
		},
		{
			ResourceName:  acctest.RunAddress,
			ImportState:   true,
			ImportStateId: "t-onlyaninvokeid",
			ExpectError:   acctest.WrappedRegexp(`Invalid import ID.*is not <instance_id>:<invoke_id> or <region>:<instance_id>:<invoke_id>`),
		},
	})
}

// TestAccRunCommand_downstream creates a resource that uses the command's
// output, so it is created only after the command succeeded.
func TestAccRunCommand_downstream(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)

	emu.TestExpectingRuns(t, 1, []resource.TestStep{{
		Config: emu.Config(t, "main.tf", nil),
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.ExpectValue("terraform_data.after_setup", "output", knownvalue.StringExact("ran: ./setup.sh\n")),
		},
	}})
}

// TestAccRunCommand_withoutWaiting ends the apply once the command started;
// a refresh reads it while it runs, and once its result is gone after two
// weeks, keeps the last one read instead of running the command again.
func TestAccRunCommand_withoutWaiting(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.RunsForADay)
	config := emu.Config(t, "main.tf", nil)

	emu.TestExpectingRuns(t, 1, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invoke_id", knownvalue.NotNull()),
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.Null()),
			},
		},
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Running")),
			},
		},
		{
			PreConfig: func() { emu.Clock.Advance(emulator.Retention + time.Hour) },
			Config:    config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Running")),
			},
		},
	})
}

// TestAccRunCommand_mayHaveRun reports a RunCommand that failed after it
// may have reached the API, without retrying it.
func TestAccRunCommand_mayHaveRun(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	emu.SetFault(acctest.RunCommandAction, emulator.Fault{FailNext: 1})

	emu.TestExpectingRuns(t, 1, []resource.TestStep{{
		Config:      emu.Config(t, "main.tf", nil),
		ExpectError: acctest.WrappedRegexp(`The command may have started.*ServiceUnavailable.*nothing is saved in the state: the next apply runs it again`),
	}})
}

// TestAccRunCommand_invalidInputs rejects bad arguments at plan time,
// naming the attribute, without calling the API.
func TestAccRunCommand_invalidInputs(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	var steps []resource.TestStep
	for _, c := range []struct{ arguments, want string }{
		{`  command_content = ""`, `Invalid Attribute Value Length.*command_content`},
		{`  command_content = "x"
  type = "RunPythonScript"`, `Invalid Attribute Value Match.*type`},
		{`  command_content = "x"
  timeout = 5`, `Invalid Attribute Value.*timeout.*between 10 and 86400`},
		{`  command_content = "x"
  region_id = "Hangzhou"`, `Invalid region_id.*is not a region ID`},
		{`  command_content = "x"
  parameters = { "bad name" = "v" }
  enable_parameter = true`, `parameters.*must be letters, digits`},
		{`  command_content = "echo {{a}}"
  parameters = { a = "v" }`, `Parameters without enable_parameter.*Set enable_parameter = true`},
		{`  command_content = "x"
  type = "RunBatScript"
  windows_password_name = "secret"`, `Password without a user.*Set working_user too`},
		{`  command_content = "x"
  working_user = "admin"
  windows_password_name = "secret"`, `Password for a Linux command.*RunBatScript or RunPowerShellScript`},
		{`  command_content = "x"
  wait_for_completion = false`, `require_success needs waiting.*Set require_success = false too`},
		// 12279 bytes of script and {"v":"xx"}, 10 bytes, are one byte more
		// than 16 KiB once base64-encoded: RunCommand's limit.
		{`  command_content = format("%12279s", "")
  enable_parameter = true
  parameters = { v = "xx" }`, `Command too large.*command_content.*16388 bytes once base64-encoded.*at most 16384`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Arguments": c.arguments}),
			ExpectError: acctest.WrappedRegexp(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": "not an id", "Arguments": `command_content = "x"`}),
		ExpectError: acctest.WrappedRegexp(`Invalid instance_id.*is not a SWAS instance ID`),
	})
	emu.TestExpectingRuns(t, 0, steps)
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}

// TestAccRunCommand_generatedConfig imports two runs, one with parameters,
// with `plan -generate-config-out`: the configuration generated, which
// leaves the sensitive script and parameters null, plans the imports and
// nothing else, and applying it runs nothing.
func TestAccRunCommand_generatedConfig(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-withparameters", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, CommandName: "deploy",
		CommandType: framework.ShellScript, CommandContent: "deploy {{release}}", Parameters: map[string]any{"release": "v1.4.2"},
		Output: []byte("deployed\n"),
	})
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-plain", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, CommandName: "hello",
		CommandType: framework.ShellScript, CommandContent: "echo hello", Output: []byte("hello\n"),
	})
	emu.Clock.Advance(time.Minute)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", nil))

	planned := tofu.Run(t, work, nil, "plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	if !acctest.WrappedRegexp(`Plan: 2 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(planned) {
		t.Errorf("the generated configuration does not plan the imports alone:\n%s", planned)
	}
	if !acctest.WrappedRegexp(`Some arguments cannot be imported.*-generate-config-out.*command_content_wo or command_content, and parameters_wo or parameters`).MatchString(planned) {
		t.Errorf("the import does not say what to fill in by hand:\n%s", planned)
	}
	tofu.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if again := tofu.Run(t, work, nil, "plan", "-input=false", "-no-color"); !strings.Contains(again, "No changes.") {
		t.Errorf("a plan after the import is not empty:\n%s", again)
	}
	emu.ExpectRuns(t, 0)
}
