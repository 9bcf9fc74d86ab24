package provider

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// commandOutcome is how the commands that RunCommand starts unfold.
type commandOutcome struct {
	runningFor  time.Duration // 0 is emulator.DefaultRunningFor
	finalStatus string        // "" is Success
	output      string        // "" is "ran: <script>"
	exitCode    int64
}

var (
	succeeds = commandOutcome{}
	// failsWithDiskFull exits with 2 after printing two lines.
	failsWithDiskFull = commandOutcome{finalStatus: emulator.StatusFailed, exitCode: 2, output: "step 1\nerror: disk full\n"}
	// runsForADay outlives any wait of the tests.
	runsForADay = commandOutcome{runningFor: 24 * time.Hour}
)

// runEmulator is an emulator whose RunCommand starts commands with the
// outcome the test set. It records what the API received, and each poll
// of a result moves the clock on, so that waiting takes one read.
type runEmulator struct {
	*testEmulator
	mu      sync.Mutex
	outcome commandOutcome
	started []emulator.Invocation
}

func newRunEmulator(t *testing.T, outcome commandOutcome) *runEmulator {
	t.Helper()
	e := &runEmulator{outcome: outcome}
	e.testEmulator = newTestEmulatorWithOptions(t, emulator.Options{RunCommand: e.run})
	e.AdvanceClockOnRequest(describeResultAction, 10*time.Second)
	return e
}

// setOutcome changes how the commands started from now on unfold.
func (e *runEmulator) setOutcome(outcome commandOutcome) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.outcome = outcome
}

func (e *runEmulator) run(inv *emulator.Invocation) {
	e.mu.Lock()
	defer e.mu.Unlock()
	inv.FinalStatus, inv.ExitCode = e.outcome.finalStatus, e.outcome.exitCode
	inv.Output = []byte("ran: " + inv.CommandContent + "\n")
	if e.outcome.output != "" {
		inv.Output = []byte(e.outcome.output)
	}
	if e.outcome.runningFor != 0 {
		inv.RunningFor = e.outcome.runningFor
	}
	e.started = append(e.started, *inv)
}

// startedRuns returns what the API received for each command started.
func (e *runEmulator) startedRuns() []emulator.Invocation {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.started)
}

// expectRuns fails the test unless RunCommand was called n times so far.
func (e *runEmulator) expectRuns(t *testing.T, n int) {
	t.Helper()
	if got := e.Requests(runCommandAction); got != n {
		t.Errorf("RunCommand was called %d times, want %d", got, n)
	}
}

// testExpectingRuns runs the steps, then expects RunCommand to have been
// called runs times in all.
func (e *runEmulator) testExpectingRuns(t *testing.T, runs int, steps []resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: steps})
	e.expectRuns(t, runs)
}

// plansRerun is a plan-only step, so nothing runs, that expects the run
// saved as tainted to be replaced, that is, the command to run again.
func plansRerun(config string) resource.TestStep {
	return resource.TestStep{
		Config:             config,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPreRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(runAddress, plancheck.ResourceActionReplace),
			},
		},
	}
}

// TestAccRunCommand_createAndWait plans without running anything, then runs
// a command with every argument, waits for it and exposes its result; later
// plans and refreshes neither run it again nor read a final result again.
func TestAccRunCommand_createAndWait(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
	config := emu.config(t, "main.tf", nil)
	invokeID := regexp.MustCompile(`^t-[0-9a-z]+$`)
	apiTime := regexp.MustCompile(`^2022-07-11T06:\d\d:\d\dZ$`)

	emu.testExpectingRuns(t, 2, []resource.TestStep{
		{
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
		{
			PreConfig: func() { emu.expectRuns(t, 0) },
			Config:    config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(runAddress, "invoke_id", knownvalue.StringRegexp(invokeID)),
				expectValue(runAddress, "id", knownvalue.StringRegexp(regexp.MustCompile(`^`+testInstance+`:t-`))),
				expectValue(runAddress, "region_id", knownvalue.StringExact(testRegion)),
				expectValue(runAddress, "type", knownvalue.StringExact("RunShellScript")),
				expectValue(runAddress, "require_success", knownvalue.Bool(true)),
				expectValue(runAddress, "wait_for_completion", knownvalue.Bool(true)),
				expectValue(runAddress, "request_id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-F-]{20,}$`))),
				expectValue(runAddress, "invocation_status", knownvalue.StringExact("Success")),
				expectValue(runAddress, "invoke_record_status", knownvalue.StringExact("Finished")),
				expectValue(runAddress, "exit_code", knownvalue.Int64Exact(0)),
				expectValue(runAddress, "error_code", knownvalue.StringExact("")),
				expectValue(runAddress, "error_info", knownvalue.StringExact("")),
				expectValue(runAddress, "start_time", knownvalue.StringRegexp(apiTime)),
				expectValue(runAddress, "finished_time", knownvalue.StringRegexp(apiTime)),
				expectValue(runAddress, "invoke_user", knownvalue.StringExact("deploy")),
				expectValue(runAddress, "output", knownvalue.StringExact("ran: echo {{greeting}}\n")),
				expectValue(runAddress, "output_base64", knownvalue.NotNull()),
				expectValue("swas_run_command.windows", "invocation_status", knownvalue.StringExact("Success")),
				expectValue("swas_run_command.windows", "invoke_user", knownvalue.StringExact("Administrator")),
			},
		},
		{
			Config:   config,
			PlanOnly: true,
		},
	})
	for _, inv := range emu.startedRuns() {
		if inv.CommandType == "RunShellScript" && (inv.CommandName != "deploy" || inv.CommandContent != "echo {{greeting}}" ||
			inv.Timeout != 120*time.Second || inv.Parameters["greeting"] != "hello world") {
			t.Errorf("the API received %+v", inv)
		}
	}
	if n := emu.Requests(describeResultAction); n != 2 {
		t.Errorf("DescribeInvocationResult was called %d times, want 2: one wait each, and no refresh of a final result", n)
	}
}

// TestAccRunCommand_failure fails the apply of a failing command with what
// the user needs, keeps the run in the state as tainted, plans to run it
// again without running it, runs it again on the next apply, and with
// require_success = false records a failure without failing the apply.
func TestAccRunCommand_failure(t *testing.T) {
	emu := newRunEmulator(t, failsWithDiskFull)
	config := emu.config(t, "main.tf", nil)

	emu.testExpectingRuns(t, 3, []resource.TestStep{
		{
			Config: config,
			ExpectError: wrappedRegexp(`Command did not succeed.*with swas_run_command.test.*status Failed, exit code 2, ` +
				`error code ExitCodeNonzero.*Last lines of output: step 1 error: disk full.*saved in the state.*marked tainted`),
		},
		plansRerun(config),
		{
			PreConfig: func() {
				emu.expectRuns(t, 1)
				emu.setOutcome(succeeds)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(runAddress, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(runAddress, "invocation_status", knownvalue.StringExact("Success")),
			},
		},
		{
			PreConfig: func() { emu.setOutcome(failsWithDiskFull) },
			Config:    emu.config(t, "require_success_false.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(runAddress, "invocation_status", knownvalue.StringExact("Failed")),
				expectValue(runAddress, "exit_code", knownvalue.Int64Exact(2)),
				expectValue(runAddress, "output", knownvalue.StringExact("step 1\nerror: disk full\n")),
			},
		},
	})
}

// TestAccRunCommand_waitTimesOut keeps a command that outlives
// timeouts.create in the state, as it was last read, and tainted.
func TestAccRunCommand_waitTimesOut(t *testing.T) {
	emu := newRunEmulator(t, runsForADay)
	config := emu.config(t, "main.tf", nil)

	emu.testExpectingRuns(t, 1, []resource.TestStep{
		{
			Config:      config,
			ExpectError: wrappedRegexp(`Timed out waiting for the command.*was still Running after waiting.*Raise timeouts.create.*marked tainted`),
		},
		plansRerun(config),
	})
}

// TestAccRunCommand_triggers runs the command again when triggers change,
// and not when only require_success does.
func TestAccRunCommand_triggers(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
	runs := statecheck.CompareValue(compare.ValuesDiffer())
	kept := statecheck.CompareValue(compare.ValuesSame())

	emu.testExpectingRuns(t, 2, []resource.TestStep{
		{
			Config:            emu.config(t, "main.tf", configValues{"Release": "v1"}),
			ConfigStateChecks: []statecheck.StateCheck{runs.AddStateValue(runAddress, tfjsonpath.New("invoke_id"))},
		},
		{
			Config: emu.config(t, "main.tf", configValues{"Release": "v2"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(runAddress, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				runs.AddStateValue(runAddress, tfjsonpath.New("invoke_id")),
				kept.AddStateValue(runAddress, tfjsonpath.New("invoke_id")),
			},
		},
		{
			Config: emu.config(t, "require_success_false.tf", configValues{"Release": "v2"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(runAddress, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				kept.AddStateValue(runAddress, tfjsonpath.New("invoke_id")),
				expectValue(runAddress, "require_success", knownvalue.Bool(false)),
				expectValue(runAddress, "invocation_status", knownvalue.StringExact("Success")),
			},
		},
	})
}

// TestAccRunCommand_import imports a run by instance_id:invoke_id and by
// region:instance_id:invoke_id, recovering the arguments the API keeps.
func TestAccRunCommand_import(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
	config := emu.config(t, "main.tf", nil)
	// The API does not return these; request_id is that of each read.
	notImportable := []string{"timeout", "working_dir", "request_id"}
	withRegion := func(s *terraform.State) (string, error) {
		return testRegion + ":" + s.RootModule().Resources[runAddress].Primary.ID, nil
	}

	emu.testExpectingRuns(t, 1, []resource.TestStep{
		{Config: config},
		{
			ResourceName:            runAddress,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: notImportable,
		},
		{
			ResourceName:            runAddress,
			ImportState:             true,
			ImportStateIdFunc:       withRegion,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: notImportable,
		},
		{
			ResourceName:  runAddress,
			ImportState:   true,
			ImportStateId: testInstance + ":t-gone",
			ExpectError:   wrappedRegexp(`Cannot import: invocation not found.*no invocation t-gone`),
		},
		{
			ResourceName:  runAddress,
			ImportState:   true,
			ImportStateId: "t-onlyaninvokeid",
			ExpectError:   wrappedRegexp(`Invalid import ID.*is not <instance_id>:<invoke_id> or <region>:<instance_id>:<invoke_id>`),
		},
	})
}

// TestAccRunCommand_downstream creates a resource that uses the command's
// output, so it is created only after the command succeeded.
func TestAccRunCommand_downstream(t *testing.T) {
	emu := newRunEmulator(t, succeeds)

	emu.testExpectingRuns(t, 1, []resource.TestStep{{
		Config: emu.config(t, "main.tf", nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue("terraform_data.after_setup", "output", knownvalue.StringExact("ran: ./setup.sh\n")),
		},
	}})
}

// TestAccRunCommand_withoutWaiting ends the apply once the command started;
// a refresh reads it while it runs, and once its result is gone after two
// weeks, keeps the last one read instead of running the command again.
func TestAccRunCommand_withoutWaiting(t *testing.T) {
	emu := newRunEmulator(t, runsForADay)
	config := emu.config(t, "main.tf", nil)

	emu.testExpectingRuns(t, 1, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(runAddress, "invoke_id", knownvalue.NotNull()),
				expectValue(runAddress, "invocation_status", knownvalue.Null()),
			},
		},
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(runAddress, "invocation_status", knownvalue.StringExact("Running")),
			},
		},
		{
			PreConfig: func() { emu.clock.Advance(emulator.Retention + time.Hour) },
			Config:    config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(runAddress, "invocation_status", knownvalue.StringExact("Running")),
			},
		},
	})
}

// TestAccRunCommand_mayHaveRun reports a RunCommand that failed after it
// may have reached the API, without retrying it.
func TestAccRunCommand_mayHaveRun(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
	emu.SetFault(runCommandAction, emulator.Fault{FailNext: 1})

	emu.testExpectingRuns(t, 1, []resource.TestStep{{
		Config:      emu.config(t, "main.tf", nil),
		ExpectError: wrappedRegexp(`The command may have started.*ServiceUnavailable.*nothing is saved in the state: the next apply runs it again`),
	}})
}

// TestAccRunCommand_invalidInputs rejects bad arguments at plan time,
// naming the attribute, without calling the API.
func TestAccRunCommand_invalidInputs(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
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
			Config:      emu.config(t, "main.tf", configValues{"Arguments": c.arguments}),
			ExpectError: wrappedRegexp(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      emu.config(t, "main.tf", configValues{"Instance": "not an id", "Arguments": `command_content = "x"`}),
		ExpectError: wrappedRegexp(`Invalid instance_id.*is not a SWAS instance ID`),
	})
	emu.testExpectingRuns(t, 0, steps)
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}

// TestAccRunCommand_generatedConfig imports two runs, one with parameters,
// with `plan -generate-config-out`: the configuration generated, which
// leaves the sensitive script and parameters null, plans the imports and
// nothing else, and applying it runs nothing.
func TestAccRunCommand_generatedConfig(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-withparameters", InstanceID: testInstance, CreatedAt: testEpoch, CommandName: "deploy",
		CommandType: shellScript, CommandContent: "deploy {{release}}", Parameters: map[string]any{"release": "v1.4.2"},
		Output: []byte("deployed\n"),
	})
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-plain", InstanceID: testInstance, CreatedAt: testEpoch, CommandName: "hello",
		CommandType: shellScript, CommandContent: "echo hello", Output: []byte("hello\n"),
	})
	emu.clock.Advance(time.Minute)
	tofu, work := processWorkspace(t, emu.config(t, "main.tf", nil))

	planned := tofu.run(t, work, nil, "plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	if !wrappedRegexp(`Plan: 2 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(planned) {
		t.Errorf("the generated configuration does not plan the imports alone:\n%s", planned)
	}
	if !wrappedRegexp(`Some arguments cannot be imported.*-generate-config-out.*command_content_wo or command_content, and parameters_wo or parameters`).MatchString(planned) {
		t.Errorf("the import does not say what to fill in by hand:\n%s", planned)
	}
	tofu.run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if again := tofu.run(t, work, nil, "plan", "-input=false", "-no-color"); !strings.Contains(again, "No changes.") {
		t.Errorf("a plan after the import is not empty:\n%s", again)
	}
	emu.expectRuns(t, 0)
}
