package provider

import (
	"fmt"
	"regexp"
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

const commandAddress = "swas_command.test"

// TestAccCommand_lifecycle saves a command, changes its name and timeout
// in place, replaces it when its script changes, imports it, re-creates it
// after it is deleted outside, and replaces it when its description is
// removed, which the API cannot empty.
func TestAccCommand_lifecycle(t *testing.T) {
	emu := newTestEmulator(t)
	values := configValues{"Name": "deploy", "Content": "deploy {{version}} to {{ env }}", "Timeout": 120,
		"Description": "Deploys a release"}
	first := emu.config(t, "main.tf", values)
	values["Name"], values["Timeout"] = "deploy-app", 300
	renamed := emu.config(t, "main.tf", values)
	values["Content"] = "deploy {{version}}"
	rewritten := emu.config(t, "main.tf", values)
	values["Description"] = ""
	undescribed := emu.config(t, "main.tf", values)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{
		{
			Config: first,
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(commandAddress, "id", knownvalue.StringRegexp(regexp.MustCompile(`^c-[0-9a-z]+$`))),
				expectValue(commandAddress, "region_id", knownvalue.StringExact(testRegion)),
				expectValue(commandAddress, "type", knownvalue.StringExact("RunShellScript")),
				expectValue(commandAddress, "parameter_names", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("version"), knownvalue.StringExact("env"),
				})),
				expectValue(commandAddress, "creation_time", knownvalue.StringExact("2022-07-11T06:37:16Z")),
				sameID.AddStateValue(commandAddress, tfjsonpath.New("id")),
				newID.AddStateValue(commandAddress, tfjsonpath.New("id")),
			},
		},
		{
			Config: renamed,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commandAddress, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(commandAddress, "name", knownvalue.StringExact("deploy-app")),
				expectValue(commandAddress, "timeout", knownvalue.Int64Exact(300)),
				sameID.AddStateValue(commandAddress, tfjsonpath.New("id")),
			},
		},
		{
			Config: rewritten,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commandAddress, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(commandAddress, "parameter_names", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("version")})),
				newID.AddStateValue(commandAddress, tfjsonpath.New("id")),
			},
		},
		{ResourceName: commandAddress, ImportState: true, ImportStateVerify: true},
		{
			PreConfig: func() {
				for _, cmd := range emu.Commands() {
					emu.RemoveCommand(cmd.ID)
				}
			},
			Config: rewritten,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commandAddress, plancheck.ResourceActionCreate),
			}},
		},
		{
			Config: undescribed,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commandAddress, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectValue(commandAddress, "description", knownvalue.Null())},
		},
	}})
	if n := len(emu.Commands()); n != 0 {
		t.Errorf("%d commands left after destroy, want 0", n)
	}
}

// TestAccCommands_filters finds saved commands by name, by name and type,
// by id, and lists them all.
func TestAccCommands_filters(t *testing.T) {
	emu := newTestEmulator(t)
	ids := func(addresses ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, 0, len(addresses))
		for range addresses {
			checks = append(checks, knownvalue.StringRegexp(regexp.MustCompile(`^c-`)))
		}
		return knownvalue.ListExact(checks)
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{{
		Config: emu.config(t, "main.tf", nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue("data.swas_commands.by_name", "ids", ids("deploy", "windows")),
			expectValue("data.swas_commands.by_name_and_type", "total_count", knownvalue.Int64Exact(1)),
			statecheck.CompareValuePairs("data.swas_commands.by_name_and_type", tfjsonpath.New("ids").AtSliceIndex(0),
				"swas_command.deploy", tfjsonpath.New("id"), compare.ValuesSame()),
			expectValueAt("data.swas_commands.by_name_and_type", tfjsonpath.New("commands").AtSliceIndex(0).AtMapKey("parameter_names"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("version")})),
			statecheck.CompareValuePairs("data.swas_commands.by_id", tfjsonpath.New("ids").AtSliceIndex(0),
				"swas_command.restart", tfjsonpath.New("id"), compare.ValuesSame()),
			expectValueAt("data.swas_commands.by_id", tfjsonpath.New("commands").AtSliceIndex(0).AtMapKey("command_content"),
				knownvalue.StringExact("systemctl restart app")),
			expectValue("data.swas_commands.all", "total_count", knownvalue.Int64Exact(3)),
		},
	}}})
}

// TestAccCommand_readBackFails: when the command is saved but cannot be
// read back, the apply fails with the command in the state, tainted, so
// that the next apply replaces it instead of leaving it behind.
func TestAccCommand_readBackFails(t *testing.T) {
	emu := newTestEmulator(t)
	config := emu.config(t, "main.tf", nil)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{
		{
			PreConfig:   func() { emu.SetFault("DescribeCommands", emulator.Fault{FailNext: 100}) },
			Config:      config,
			ExpectError: wrappedRegexp(`SWAS API unavailable.*While reading command c-`),
		},
		{
			PreConfig: func() {
				emu.ClearFaults()
				if n := len(emu.Commands()); n != 1 {
					t.Errorf("%d commands saved, want 1", n)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commandAddress, plancheck.ResourceActionReplace),
			}},
			Check: func(*terraform.State) error {
				if n := len(emu.Commands()); n != 1 {
					return fmt.Errorf("%d commands saved after the replacement, want 1", n)
				}
				return nil
			},
		},
	}})
}

// busyCommandEmulator is a test emulator with servers fleet-01 and
// fleet-02, where InvokeCommand's run on fleet-01 lasts runFor, and each
// DescribeCommandInvocations request moves the clock on a second.
func busyCommandEmulator(t *testing.T, runFor time.Duration) *testEmulator {
	t.Helper()
	emu := newTestEmulator(t)
	for _, id := range []string{"fleet-01", "fleet-02"} {
		emu.AddInstance(emulator.Instance{ID: id, RegionID: testRegion, Status: emulator.InstanceRunning})
	}
	emu.SetInvokeCommand(func(inv *emulator.Invocation) {
		if inv.InstanceID == "fleet-01" {
			inv.RunningFor = runFor
		}
	})
	emu.AdvanceClockOnRequest(commandInvocationsAction, time.Second)
	return emu
}

// TestAccCommand_deleteWaitsForItsRuns destroys a saved command while an
// invocation of it still runs: the API refuses to delete a command being
// run, so the destroy waits, within timeouts.delete, until the run ends,
// then deletes it.
func TestAccCommand_deleteWaitsForItsRuns(t *testing.T) {
	emu := busyCommandEmulator(t, 40*time.Second)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEmptyEnv(),
		Steps: []resource.TestStep{{
			Config:      emu.config(t, "main.tf", nil),
			ExpectError: wrappedRegexp(`Timed out waiting for the command.*still Running`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := emu.ActionRequestsWithOutcome("DeleteCommand", "InvalidStatus.CmdIdInUse"); n == 0 {
				return fmt.Errorf("the API never refused to delete the command: nothing was running")
			}
			if n := len(emu.Commands()); n != 0 {
				return fmt.Errorf("%d commands left after destroy, want 0", n)
			}
			return nil
		},
	})
}

// TestAccCommand_deleteTimesOut: when the run outlasts timeouts.delete,
// the destroy fails naming the invocation still running, its servers and
// what to do, and keeps the command; once the run has ended, destroy
// deletes it.
func TestAccCommand_deleteTimesOut(t *testing.T) {
	emu := busyCommandEmulator(t, time.Hour)
	config := emu.config(t, "main.tf", nil)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{
		{Config: config, ExpectError: wrappedRegexp(`Timed out waiting for the command`)},
		{
			Config:  config,
			Destroy: true,
			ExpectError: wrappedRegexp(`Command still being run.*SWAS refuses to delete a command while it is being ` +
				`run.*when timeouts.delete ran out, after waiting [0-9]+s.*Still running: t-[0-9a-z]+ \(Running on fleet-01\)` +
				`.*destroy again, or raise timeouts.delete`),
		},
		{
			PreConfig: func() {
				if n := len(emu.Commands()); n != 1 {
					t.Errorf("%d commands after the failed destroy, want 1", n)
				}
				emu.clock.Advance(2 * time.Hour)
			},
			Config:  config,
			Destroy: true,
		},
	}})
}

// TestAccCommand_undocumentedAnswers saves, runs and lists a command
// against each answer the API may give where its reference is silent:
// DescribeCommands' script as sent or base64-encoded, a working directory
// never set coming back empty or filled in, and DescribeCommandInvocations'
// output base64-encoded or plain. Each applies without an inconsistent
// result, keeps the configuration's values, decodes the output, and plans
// no change after.
func TestAccCommand_undocumentedAnswers(t *testing.T) {
	for name, answers := range map[string]emulator.Undocumented{
		"emulator's reading":   {},
		"script and directory": {Base64CommandContent: true, DefaultWorkingDir: "/root"},
		"plain output":         {PlainFleetOutput: true},
	} {
		t.Run(name, func(t *testing.T) {
			emu := newTestEmulatorWithOptions(t, emulator.Options{Undocumented: answers})
			emu.SetInvokeCommand(func(inv *emulator.Invocation) { inv.Output = []byte("deployed 1.4.2\n") })
			emu.AdvanceClockOnRequest(commandInvocationsAction, time.Second)
			listed := tfjsonpath.New("commands").AtSliceIndex(0)
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEmptyEnv(), Steps: []resource.TestStep{{
				Config: emu.config(t, "main.tf", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					expectValue(commandAddress, "command_content", knownvalue.StringExact("deploy {{version}}")),
					expectValue(commandAddress, "working_dir", knownvalue.Null()),
					expectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(testInstance).AtMapKey("output"),
						knownvalue.StringExact("deployed 1.4.2\n")),
					expectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(testInstance).AtMapKey("output_base64"),
						knownvalue.StringExact("ZGVwbG95ZWQgMS40LjIK")),
					expectValueAt("data.swas_commands.test", listed.AtMapKey("command_content"), knownvalue.StringExact("deploy {{version}}")),
				},
			}}})
		})
	}
}
