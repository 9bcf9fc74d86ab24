package fleet_test

import (
	"fmt"
	"maps"
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
)

const invocationAddress = "swas_command_invocation.test"

// TestAccCommandInvocation_partialFailure runs a command on 10 servers, of
// which 2 fail: the apply fails naming both with their exit codes and
// output, and lists the 8 that succeeded; the run is saved, tainted, with
// all 10 results.
func TestAccCommandInvocation_partialFailure(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 10, map[string]int64{acctest.FleetServer(3): 3, acctest.FleetServer(7): 4})
	config := emu.Config(t, "main.tf", acctest.ConfigValues{"Instances": acctest.Fleet(10)})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config: config,
			ExpectError: acctest.WrappedRegexp(`Command did not succeed on every server.*did not succeed on 2 of 10 servers` +
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
	emu.ExpectInvocations(t, 1, 10)
}

// TestAccCommandInvocation_fleet runs a command on 10 servers with one
// DescribeCommandInvocations request a poll, whatever the number of
// servers; changing require_success runs nothing; adding a server runs
// the command again on all 11 under a new invoke id, and removing two runs
// it on the 9 left.
func TestAccCommandInvocation_fleet(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 11, nil)
	ten := acctest.ConfigValues{"Instances": acctest.Fleet(10), "RequireSuccess": true}
	lenient := acctest.ConfigValues{"Instances": acctest.Fleet(10), "RequireSuccess": false}
	eleven := acctest.ConfigValues{"Instances": acctest.Fleet(11), "RequireSuccess": false}
	nine := acctest.ConfigValues{"Instances": acctest.Fleet(9), "RequireSuccess": false}
	invokeIDs := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config: emu.Config(t, "main.tf", ten),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(invocationAddress, "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue(invocationAddress, "results", knownvalue.MapSizeExact(10)),
				acctest.ExpectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(acctest.FleetServer(5)), knownvalue.ObjectPartial(map[string]knownvalue.Check{
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
				if got := emu.Requests(acctest.CommandInvocationsAction); got != 3 {
					t.Errorf("%d DescribeCommandInvocations requests for 10 servers, want 3: one a poll", got)
				}
				if got := emu.Requests(acctest.DescribeResultAction); got != 0 {
					t.Errorf("%d DescribeInvocationResult requests, want none", got)
				}
				emu.ExpectInvocations(t, 1, 10)
			},
			Config: emu.Config(t, "main.tf", lenient),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(invocationAddress, plancheck.ResourceActionUpdate),
			}},
		},
		{
			PreConfig: func() { emu.ExpectInvocations(t, 1, 10) },
			Config:    emu.Config(t, "main.tf", eleven),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(invocationAddress, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(invocationAddress, "results", knownvalue.MapSizeExact(11)),
				acctest.ExpectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(acctest.FleetServer(11)).AtMapKey("invocation_status"),
					knownvalue.StringExact("Success")),
				invokeIDs.AddStateValue(invocationAddress, tfjsonpath.New("invoke_id")),
			},
		},
		{
			Config: emu.Config(t, "main.tf", nine),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(invocationAddress, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(invocationAddress, "results", knownvalue.MapSizeExact(9)),
				invokeIDs.AddStateValue(invocationAddress, tfjsonpath.New("invoke_id")),
			},
		},
	}})
	emu.ExpectInvocations(t, 3, 30)
	if got := emu.Started()[0]; got.InvokeUser != "deploy" || got.Parameters["version"] != "1.4.2" {
		t.Errorf("the API ran the command as %q with %v", got.InvokeUser, got.Parameters)
	}
}

// TestAccCommandInvocation_wrongAdvice: a stopped server is to be started,
// not "corrected", a server is not "1 servers", and an unknown command is
// not a result kept for two weeks.
func TestAccCommandInvocation_wrongAdvice(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 1, nil)
	emu.SetInstanceStatus(acctest.FleetServer(1), emulator.InstanceStopped)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config: emu.Config(t, "stopped.tf", acctest.ConfigValues{"Instances": acctest.Fleet(1)}),
			ExpectError: acctest.WrappedRegexp(`Server not running.*While starting command c-[0-9a-z]+ on 1 server in cn-hangzhou.*` +
				`code IncorrectInstanceStatus.*Start the server`),
		},
		{
			PreConfig:   func() { emu.SetInstanceStatus(acctest.FleetServer(1), emulator.InstanceRunning) },
			Config:      emu.Config(t, "unknown_command.tf", acctest.ConfigValues{"Instances": acctest.Fleet(1)}),
			ExpectError: acctest.WrappedRegexp(`Not found.*command_id.*code InvalidCommandId.NotFound.*Check the command ID`),
		},
	}})
}

// TestAccCommandInvocation_secrets gives a fleet what swas_run_command has:
// sensitive parameters moved unchanged to parameters_wo without running
// anything, write-only parameters run again by their version only, and
// store_output = false keeping every server's output out of the state.
func TestAccCommandInvocation_secrets(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 2, nil)
	config := func(values acctest.ConfigValues) string {
		all := acctest.ConfigValues{"Instances": acctest.Fleet(2), "Parameters": "", "ParametersWO": "", "Version": 0, "StoreOutput": true}
		maps.Copy(all, values)
		return emu.Config(t, "main.tf", all)
	}
	action := func(a plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(invocationAddress, a)}}
	}
	outputs := func(check knownvalue.Check) []statecheck.StateCheck {
		var checks []statecheck.StateCheck
		for i := 1; i <= 2; i++ {
			for _, name := range []string{"output", "output_base64"} {
				checks = append(checks, acctest.ExpectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(acctest.FleetServer(i)).AtMapKey(name), check))
			}
		}
		return checks
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config:            config(acctest.ConfigValues{"Parameters": "1.0"}),
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectValue(invocationAddress, "parameters", knownvalue.MapExact(map[string]knownvalue.Check{"version": knownvalue.StringExact("1.0")}))},
		},
		{
			Config:           config(acctest.ConfigValues{"ParametersWO": "1.0", "Version": 1}),
			ConfigPlanChecks: action(plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(invocationAddress, "parameters", knownvalue.Null()),
				acctest.ExpectValue(invocationAddress, "parameters_wo", knownvalue.Null()),
				acctest.ExpectValue(invocationAddress, "parameters_wo_version", knownvalue.Int64Exact(1)),
			},
		},
		{
			PreConfig:        func() { emu.ExpectInvocations(t, 1, 2) },
			Config:           config(acctest.ConfigValues{"ParametersWO": "2.0", "Version": 1}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:           config(acctest.ConfigValues{"ParametersWO": "2.0", "Version": 2}),
			ConfigPlanChecks: action(plancheck.ResourceActionReplace),
		},
		{
			PreConfig: func() {
				emu.ExpectInvocations(t, 2, 4)
				if got := emu.LastInvocation(t).Parameters["version"]; got != "2.0" {
					t.Errorf("the API ran the command with version %v, want 2.0", got)
				}
			},
			Config:            config(acctest.ConfigValues{"ParametersWO": "2.0", "Version": 2, "StoreOutput": false}),
			ConfigPlanChecks:  action(plancheck.ResourceActionUpdate),
			ConfigStateChecks: append(outputs(knownvalue.Null()), acctest.ExpectValue(invocationAddress, "store_output", knownvalue.Bool(false))),
		},
		{
			Config:            config(acctest.ConfigValues{"Parameters": "3.0", "StoreOutput": false}),
			ConfigPlanChecks:  action(plancheck.ResourceActionReplace),
			ConfigStateChecks: outputs(knownvalue.Null()),
		},
	}})
	emu.ExpectInvocations(t, 3, 6)
}

// TestAccCommandInvocation_invalidInputs rejects, at plan time, naming the
// attribute, parameters set twice, a version of nothing write-only, and an
// empty server id.
func TestAccCommandInvocation_invalidInputs(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 1, nil)
	var steps []resource.TestStep
	for _, c := range []struct{ instances, arguments, want string }{
		{acctest.Fleet(1), `parameters = { a = "1" }
  parameters_wo = { a = "1" }`, `Parameters set twice.*parameters_wo`},
		{acctest.Fleet(1), `parameters_wo_version = 1`, `Version of nothing write-only.*parameters_wo_version`},
		{`[""]`, ``, `Invalid element of instance_ids.*An element of instance_ids is empty`},
		{acctest.Fleet(1), `parameters_wo = { "bad name" = "1" }`, `parameters_wo.*must be letters, digits`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.Config(t, "invalid.tf", acctest.ConfigValues{"Instances": c.instances, "Arguments": c.arguments}),
			PlanOnly:    true,
			ExpectError: acctest.WrappedRegexp(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: steps})
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
	emu := acctest.NewFixtureEmulator(t, emulator.Options{})
	emu.AdvanceClockOnRequest(acctest.CommandInvocationsAction, time.Second)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{{
		Config: emu.Config(t, "main.tf", nil),
		ExpectError: acctest.WrappedRegexp(`Command did not succeed on every server.*did not succeed on 2 of 3 servers` +
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
	emu := acctest.NewEmulator(t)
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
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Arguments": c.arguments}),
			ExpectError: acctest.WrappedRegexp(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: steps})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}
