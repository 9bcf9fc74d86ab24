package provider

import (
	"fmt"
	"maps"
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

const (
	invocationAddress        = "swas_command_invocation.test"
	invokeCommandAction      = "InvokeCommand"
	commandInvocationsAction = "DescribeCommandInvocations"
)

// fleetEmulator is a test emulator with servers fleet-01 to fleet-<n>,
// where InvokeCommand fails on the servers the test names, with the exit
// code given, and records the invocations it starts. Each
// DescribeCommandInvocations request moves the clock on a second: with a
// command pending for a second and running for two, waiting takes three
// polls.
type fleetEmulator struct {
	*testEmulator
	mu      sync.Mutex
	fails   map[string]int64
	started []emulator.Invocation
}

func newFleetEmulator(t *testing.T, n int, fails map[string]int64) *fleetEmulator {
	t.Helper()
	e := &fleetEmulator{testEmulator: newTestEmulator(t), fails: fails}
	for i := 1; i <= n; i++ {
		e.AddInstance(emulator.Instance{ID: fleetServer(i), RegionID: testRegion, Status: emulator.InstanceRunning})
	}
	e.SetInvokeCommand(e.invoke)
	e.AdvanceClockOnRequest(commandInvocationsAction, time.Second)
	return e
}

func fleetServer(i int) string { return fmt.Sprintf("fleet-%02d", i) }

// fleet is the HCL list of servers fleet-01 to fleet-<n>.
func fleet(n int) string {
	ids := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		ids = append(ids, `"`+fleetServer(i)+`"`)
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

func (e *fleetEmulator) invoke(inv *emulator.Invocation) {
	e.mu.Lock()
	defer e.mu.Unlock()
	inv.Output = []byte("deployed on " + inv.InstanceID + "\n")
	if code, ok := e.fails[inv.InstanceID]; ok {
		inv.FinalStatus, inv.ExitCode = emulator.StatusFailed, code
		inv.Output = []byte("step 1\nerror: disk full on " + inv.InstanceID + "\n")
	}
	e.started = append(e.started, *inv)
}

// expectInvocations fails the test unless InvokeCommand was called calls
// times, starting the command on servers servers in all.
func (e *fleetEmulator) expectInvocations(t *testing.T, calls, servers int) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if got := e.Requests(invokeCommandAction); got != calls || len(e.started) != servers {
		t.Errorf("InvokeCommand was called %d times on %d servers, want %d on %d", got, len(e.started), calls, servers)
	}
}

// TestAccCommandInvocation_partialFailure runs a command on 10 servers, of
// which 2 fail: the apply fails naming both with their exit codes and
// output, and lists the 8 that succeeded; the run is saved, tainted, with
// all 10 results.
func TestAccCommandInvocation_partialFailure(t *testing.T) {
	emu := newFleetEmulator(t, 10, map[string]int64{fleetServer(3): 3, fleetServer(7): 4})
	config := emu.config(t, "main.tf", configValues{"Instances": fleet(10)})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{
		{
			Config: config,
			ExpectError: wrappedRegexp(`Command did not succeed on every server.*did not succeed on 2 of 10 servers` +
				`.*fleet-03: status Failed, exit code 3, error code ExitCodeNonzero.*error: disk full on fleet-03` +
				`.*fleet-07: status Failed, exit code 4.*error: disk full on fleet-07` +
				`.*Succeeded on 8: fleet-01, fleet-02, fleet-04, fleet-05, fleet-06, fleet-08, fleet-09, fleet-10` +
				`.*saved in the state.*marked tainted`),
		},
		{
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(invocationAddress, "results.%", "10"),
				resource.TestCheckResourceAttr(invocationAddress, "invocation_status", "PartialFailed"),
				resource.TestCheckResourceAttr(invocationAddress, "results.fleet-03.invocation_status", "Failed"),
				resource.TestCheckResourceAttr(invocationAddress, "results.fleet-03.exit_code", "3"),
				resource.TestCheckResourceAttr(invocationAddress, "results.fleet-07.exit_code", "4"),
				resource.TestCheckResourceAttr(invocationAddress, "results.fleet-10.invocation_status", "Success"),
				resource.TestCheckResourceAttr(invocationAddress, "results.fleet-10.output", "deployed on fleet-10\n"),
				func(s *terraform.State) error {
					if !s.RootModule().Resources[invocationAddress].Primary.Tainted {
						return fmt.Errorf("%s is not tainted", invocationAddress)
					}
					return nil
				},
			),
		},
	}})
	emu.expectInvocations(t, 1, 10)
}

// TestAccCommandInvocation_fleet runs a command on 10 servers with one
// DescribeCommandInvocations request a poll, whatever the number of
// servers; changing require_success runs nothing; adding a server runs
// the command again on all 11 under a new invoke id, and removing two runs
// it on the 9 left.
func TestAccCommandInvocation_fleet(t *testing.T) {
	emu := newFleetEmulator(t, 11, nil)
	ten := configValues{"Instances": fleet(10), "RequireSuccess": true}
	lenient := configValues{"Instances": fleet(10), "RequireSuccess": false}
	eleven := configValues{"Instances": fleet(11), "RequireSuccess": false}
	nine := configValues{"Instances": fleet(9), "RequireSuccess": false}
	invokeIDs := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{
		{
			Config: emu.config(t, "main.tf", ten),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(invocationAddress, "invocation_status", knownvalue.StringExact("Success")),
				expectValue(invocationAddress, "results", knownvalue.MapSizeExact(10)),
				expectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(fleetServer(5)), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"invocation_status": knownvalue.StringExact("Success"),
					"exit_code":         knownvalue.Int64Exact(0),
					"output":            knownvalue.StringExact("deployed on fleet-05\n"),
					"start_time":        knownvalue.StringExact("2022-07-11T06:37:17Z"),
					"finish_time":       knownvalue.StringExact("2022-07-11T06:37:19Z"),
				})),
				invokeIDs.AddStateValue(invocationAddress, tfjsonpath.New("invoke_id")),
			},
		},
		{
			PreConfig: func() {
				// Pending at the first poll, running at the second, finished at the third.
				if got := emu.Requests(commandInvocationsAction); got != 3 {
					t.Errorf("%d DescribeCommandInvocations requests for 10 servers, want 3: one a poll", got)
				}
				if got := emu.Requests(describeResultAction); got != 0 {
					t.Errorf("%d DescribeInvocationResult requests, want none", got)
				}
				emu.expectInvocations(t, 1, 10)
			},
			Config: emu.config(t, "main.tf", lenient),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(invocationAddress, plancheck.ResourceActionUpdate),
			}},
		},
		{
			PreConfig: func() { emu.expectInvocations(t, 1, 10) },
			Config:    emu.config(t, "main.tf", eleven),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(invocationAddress, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(invocationAddress, "results", knownvalue.MapSizeExact(11)),
				expectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(fleetServer(11)).AtMapKey("invocation_status"),
					knownvalue.StringExact("Success")),
				invokeIDs.AddStateValue(invocationAddress, tfjsonpath.New("invoke_id")),
			},
		},
		{
			Config: emu.config(t, "main.tf", nine),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(invocationAddress, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(invocationAddress, "results", knownvalue.MapSizeExact(9)),
				invokeIDs.AddStateValue(invocationAddress, tfjsonpath.New("invoke_id")),
			},
		},
	}})
	emu.expectInvocations(t, 3, 30)
	emu.mu.Lock()
	defer emu.mu.Unlock()
	if got := emu.started[0]; got.InvokeUser != "deploy" || got.Parameters["version"] != "1.4.2" {
		t.Errorf("the API ran the command as %q with %v", got.InvokeUser, got.Parameters)
	}
}

// TestAccCommandInvocation_wrongAdvice: a stopped server is to be started,
// not "corrected", a server is not "1 servers", and an unknown command is
// not a result kept for two weeks.
func TestAccCommandInvocation_wrongAdvice(t *testing.T) {
	emu := newFleetEmulator(t, 1, nil)
	emu.SetInstanceStatus(fleetServer(1), emulator.InstanceStopped)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{
		{
			Config: emu.config(t, "stopped.tf", configValues{"Instances": fleet(1)}),
			ExpectError: wrappedRegexp(`Server not running.*While starting command c-[0-9a-z]+ on 1 server in cn-hangzhou.*` +
				`code IncorrectInstanceStatus.*Start the server`),
		},
		{
			PreConfig:   func() { emu.SetInstanceStatus(fleetServer(1), emulator.InstanceRunning) },
			Config:      emu.config(t, "unknown_command.tf", configValues{"Instances": fleet(1)}),
			ExpectError: wrappedRegexp(`Not found.*command_id.*code InvalidCommandId.NotFound.*Check the command ID`),
		},
	}})
}

// lastInvocation is what the API received for the last server started.
func (e *fleetEmulator) lastInvocation(t *testing.T) emulator.Invocation {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.started) == 0 {
		t.Fatal("no command was started")
	}
	return e.started[len(e.started)-1]
}

// TestAccCommandInvocation_secrets gives a fleet what swas_run_command has:
// sensitive parameters moved unchanged to parameters_wo without running
// anything, write-only parameters run again by their version only, and
// store_output = false keeping every server's output out of the state.
func TestAccCommandInvocation_secrets(t *testing.T) {
	emu := newFleetEmulator(t, 2, nil)
	config := func(values configValues) string {
		all := configValues{"Instances": fleet(2), "Parameters": "", "ParametersWO": "", "Version": 0, "StoreOutput": true}
		maps.Copy(all, values)
		return emu.config(t, "main.tf", all)
	}
	action := func(a plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(invocationAddress, a)}}
	}
	outputs := func(check knownvalue.Check) []statecheck.StateCheck {
		var checks []statecheck.StateCheck
		for i := 1; i <= 2; i++ {
			for _, name := range []string{"output", "output_base64"} {
				checks = append(checks, expectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(fleetServer(i)).AtMapKey(name), check))
			}
		}
		return checks
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{
		{
			Config:            config(configValues{"Parameters": "1.0"}),
			ConfigStateChecks: []statecheck.StateCheck{expectValue(invocationAddress, "parameters", knownvalue.MapExact(map[string]knownvalue.Check{"version": knownvalue.StringExact("1.0")}))},
		},
		{
			Config:           config(configValues{"ParametersWO": "1.0", "Version": 1}),
			ConfigPlanChecks: action(plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(invocationAddress, "parameters", knownvalue.Null()),
				expectValue(invocationAddress, "parameters_wo", knownvalue.Null()),
				expectValue(invocationAddress, "parameters_wo_version", knownvalue.Int64Exact(1)),
			},
		},
		{
			PreConfig:        func() { emu.expectInvocations(t, 1, 2) },
			Config:           config(configValues{"ParametersWO": "2.0", "Version": 1}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:           config(configValues{"ParametersWO": "2.0", "Version": 2}),
			ConfigPlanChecks: action(plancheck.ResourceActionReplace),
		},
		{
			PreConfig: func() {
				emu.expectInvocations(t, 2, 4)
				if got := emu.lastInvocation(t).Parameters["version"]; got != "2.0" {
					t.Errorf("the API ran the command with version %v, want 2.0", got)
				}
			},
			Config:            config(configValues{"ParametersWO": "2.0", "Version": 2, "StoreOutput": false}),
			ConfigPlanChecks:  action(plancheck.ResourceActionUpdate),
			ConfigStateChecks: append(outputs(knownvalue.Null()), expectValue(invocationAddress, "store_output", knownvalue.Bool(false))),
		},
		{
			Config:            config(configValues{"Parameters": "3.0", "StoreOutput": false}),
			ConfigPlanChecks:  action(plancheck.ResourceActionReplace),
			ConfigStateChecks: outputs(knownvalue.Null()),
		},
	}})
	emu.expectInvocations(t, 3, 6)
}

// TestAccCommandInvocation_invalidInputs rejects, at plan time, naming the
// attribute, parameters set twice, a version of nothing write-only, and an
// empty server id.
func TestAccCommandInvocation_invalidInputs(t *testing.T) {
	emu := newFleetEmulator(t, 1, nil)
	var steps []resource.TestStep
	for _, c := range []struct{ instances, arguments, want string }{
		{fleet(1), `parameters = { a = "1" }
  parameters_wo = { a = "1" }`, `Parameters set twice.*parameters_wo`},
		{fleet(1), `parameters_wo_version = 1`, `Version of nothing write-only.*parameters_wo_version`},
		{`[""]`, ``, `Invalid element of instance_ids.*An element of instance_ids is empty`},
		{fleet(1), `parameters_wo = { "bad name" = "1" }`, `parameters_wo.*must be letters, digits`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.config(t, "invalid.tf", configValues{"Instances": c.instances, "Arguments": c.arguments}),
			PlanOnly:    true,
			ExpectError: wrappedRegexp(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: steps})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}

// TestAccCommandInvocation_agentOffline runs a command on three servers
// of an emulator seeded as swas-emulator -fixture seeds it, two of which
// have no agent online: one without the agent, one whose agent comes
// online in an hour. The API ends their runs Invalid with
// ClientNotRunning, and the apply fails naming both with their exit codes.
func TestAccCommandInvocation_agentOffline(t *testing.T) {
	emu := newFixtureEmulator(t, emulator.Options{})
	emu.AdvanceClockOnRequest(commandInvocationsAction, time.Second)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{{
		Config: emu.config(t, "main.tf", nil),
		ExpectError: wrappedRegexp(`Command did not succeed on every server.*did not succeed on 2 of 3 servers` +
			`.*fleet-02: status Invalid, exit code 0, error code ClientNotRunning \(the aliyun service is not running on the instance\)` +
			`.*fleet-03: status Invalid, exit code 0, error code ClientNotRunning` +
			`.*Succeeded on 1: fleet-01`),
	}}})
}

// TestAccCommandInvocation_apiLimits rejects, at plan time and without
// a call to the API, what InvokeCommand documents it would refuse: more
// than 10 parameters, a username longer than 255 characters, and
// parameters that alone exceed the 18 KB of command and parameters.
func TestAccCommandInvocation_apiLimits(t *testing.T) {
	emu := newTestEmulator(t)
	eleven := make([]string, 0, 11)
	for i := range 11 {
		eleven = append(eleven, fmt.Sprintf("p%d = \"v\"", i))
	}
	var steps []resource.TestStep
	for _, c := range []struct{ arguments, want string }{
		{"parameters = { " + strings.Join(eleven, ", ") + " }", `Invalid Attribute Value.*parameters.*at most 10`},
		{`username = "` + strings.Repeat("ü", 256) + `"`, `Invalid Attribute Value Length.*username.*between 1 and 255`},
		// {"v":"…"} of 13825 bytes is one more than 18 KiB once encoded.
		{`parameters = { v = format("%13817s", "") }`, `Command too large.*parameters.*18436 bytes once base64-encoded.*at most 18432`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.config(t, "main.tf", configValues{"Arguments": c.arguments}),
			ExpectError: wrappedRegexp(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: steps})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}
