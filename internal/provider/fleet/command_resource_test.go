package fleet_test

import (
	"fmt"
	"os"
	"path/filepath"
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
	"github.com/openswas/terraform-provider-swas/internal/provider/fleet"
)

const commandAddress = "swas_command.test"

// TestAccCommand_lifecycle saves a command, changes its name and timeout
// in place, replaces it when its script changes, imports it, re-creates it
// after it is deleted outside, and replaces it when its description is
// removed, which the API cannot empty.
func TestAccCommand_lifecycle(t *testing.T) {
	emu := acctest.NewEmulator(t)
	values := acctest.ConfigValues{"Name": "deploy", "Content": "deploy {{version}} to {{ env }}", "Timeout": 120,
		"Description": "Deploys a release"}
	first := emu.Config(t, "main.tf", values)
	values["Name"], values["Timeout"] = "deploy-app", 300
	renamed := emu.Config(t, "main.tf", values)
	values["Content"] = "deploy {{version}}"
	rewritten := emu.Config(t, "main.tf", values)
	values["Description"] = ""
	undescribed := emu.Config(t, "main.tf", values)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config: first,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(commandAddress, "id", knownvalue.StringRegexp(regexp.MustCompile(`^c-[0-9a-z]+$`))),
				acctest.ExpectValue(commandAddress, "region_id", knownvalue.StringExact(acctest.Region)),
				acctest.ExpectValue(commandAddress, "type", knownvalue.StringExact("RunShellScript")),
				acctest.ExpectValue(commandAddress, "parameter_names", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("version"), knownvalue.StringExact("env"),
				})),
				acctest.ExpectValue(commandAddress, "creation_time", knownvalue.StringExact("2022-07-11T06:37:16Z")),
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
				acctest.ExpectValue(commandAddress, "name", knownvalue.StringExact("deploy-app")),
				acctest.ExpectValue(commandAddress, "timeout", knownvalue.Int64Exact(300)),
				sameID.AddStateValue(commandAddress, tfjsonpath.New("id")),
			},
		},
		{
			Config: rewritten,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commandAddress, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(commandAddress, "parameter_names", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("version")})),
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
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectValue(commandAddress, "description", knownvalue.Null())},
		},
	}})
	if n := len(emu.Commands()); n != 0 {
		t.Errorf("%d commands left after destroy, want 0", n)
	}
}

// TestAccCommands_filters finds saved commands by name, by name and type,
// by id, and lists them all.
func TestAccCommands_filters(t *testing.T) {
	emu := acctest.NewEmulator(t)
	ids := func(addresses ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, 0, len(addresses))
		for range addresses {
			checks = append(checks, knownvalue.StringRegexp(regexp.MustCompile(`^c-`)))
		}
		return knownvalue.ListExact(checks)
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{{
		Config: emu.Config(t, "main.tf", nil),
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.ExpectValue("data.swas_commands.by_name", "ids", ids("deploy", "windows")),
			acctest.ExpectValue("data.swas_commands.by_name_and_type", "total_count", knownvalue.Int64Exact(1)),
			statecheck.CompareValuePairs("data.swas_commands.by_name_and_type", tfjsonpath.New("ids").AtSliceIndex(0),
				"swas_command.deploy", tfjsonpath.New("id"), compare.ValuesSame()),
			acctest.ExpectValueAt("data.swas_commands.by_name_and_type", tfjsonpath.New("commands").AtSliceIndex(0).AtMapKey("parameter_names"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("version")})),
			statecheck.CompareValuePairs("data.swas_commands.by_id", tfjsonpath.New("ids").AtSliceIndex(0),
				"swas_command.restart", tfjsonpath.New("id"), compare.ValuesSame()),
			acctest.ExpectValueAt("data.swas_commands.by_id", tfjsonpath.New("commands").AtSliceIndex(0).AtMapKey("command_content"),
				knownvalue.StringExact("systemctl restart app")),
			acctest.ExpectValue("data.swas_commands.all", "total_count", knownvalue.Int64Exact(3)),
		},
	}}})
}

// TestAccCommand_readBackFails: when the command is saved but cannot be
// read back, the apply fails with the command in the state, tainted, so
// that the next apply replaces it instead of leaving it behind.
func TestAccCommand_readBackFails(t *testing.T) {
	emu := acctest.NewEmulator(t)
	config := emu.Config(t, "main.tf", nil)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			PreConfig:   func() { emu.SetFault("DescribeCommands", emulator.Fault{FailNext: 100}) },
			Config:      config,
			ExpectError: acctest.WrappedRegexp(`SWAS API unavailable.*While reading command c-`),
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

// TestAccCommand_lengthInCharacters counts the name's and the
// description's lengths in characters, as CreateCommand does: the longest
// in Chinese pass, and one more character is refused at plan time.
func TestAccCommand_lengthInCharacters(t *testing.T) {
	emu := acctest.NewEmulator(t)
	name, description := strings.Repeat("部", fleet.MaxCommandName), strings.Repeat("署", fleet.MaxCommandDescription)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Name": name + "部", "Description": description}),
			PlanOnly:    true,
			ExpectError: acctest.WrappedRegexp(`Attribute name .*must be between 1 and 128, got: 129`),
		},
		{
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Name": name, "Description": description + "署"}),
			PlanOnly:    true,
			ExpectError: acctest.WrappedRegexp(`Attribute description .*must be between 1 and 512, got: 513`),
		},
		{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Name": name, "Description": description}),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(commandAddress, "name", knownvalue.StringExact(name)),
				acctest.ExpectValue(commandAddress, "description", knownvalue.StringExact(description)),
			},
		},
	}})
}

// TestAccCommand_importInvalidID checks an import id's shape before any
// request, as swas_run_command's import does.
func TestAccCommand_importInvalidID(t *testing.T) {
	emu := acctest.NewEmulator(t)
	config := emu.Config(t, "main.tf", nil)
	var steps []resource.TestStep
	for id, want := range map[string]string{
		"bad id":              `Invalid import ID.*"bad id" is not <command_id> or <region>:<command_id>.*the command ID "bad id" is not a command ID`,
		"Hangzhou:c-abc":      `Invalid import ID.*the region "Hangzhou" is not a region ID`,
		"cn-hangzhou:c-1:c-2": `Invalid import ID.*it has 3 parts separated by colons`,
		"cn-hangzhou:":        `Invalid import ID.*the command ID is empty`,
	} {
		steps = append(steps, resource.TestStep{
			Config: config, ResourceName: commandAddress, ImportState: true, ImportStateId: id,
			PreConfig:   emu.ResetCounters,
			ExpectError: acctest.WrappedRegexp(want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: steps})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid import ids reached the API %d times", n)
	}
}

// TestAccCommand_generatedConfig imports a saved command with `plan
// -generate-config-out`: the configuration generated, which leaves the
// sensitive script null, plans the import and nothing else.
func TestAccCommand_generatedConfig(t *testing.T) {
	emu := acctest.NewEmulator(t)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", nil))
	tofu.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	commands := emu.Commands()
	if len(commands) != 1 {
		t.Fatalf("%d commands saved, want 1", len(commands))
	}
	tofu.Run(t, work, nil, "state", "rm", "swas_command.deploy")
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(emu.Config(t, "import.tf", acctest.ConfigValues{"CommandID": commands[0].ID})), 0o600); err != nil {
		t.Fatal(err)
	}
	planned := tofu.Run(t, work, nil, "plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	if !acctest.WrappedRegexp(`Plan: 1 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(planned) {
		t.Errorf("the generated configuration does not plan the import alone:\n%s", planned)
	}
	tofu.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if again := tofu.Run(t, work, nil, "plan", "-input=false", "-no-color"); !strings.Contains(again, "No changes.") {
		t.Errorf("a plan after the import is not empty:\n%s", again)
	}
	if n := len(emu.Commands()); n != 1 {
		t.Errorf("%d commands after the import, want the one imported", n)
	}
}

// TestAccCommand_noScript: a command without a script fails the plan,
// before any request.
func TestAccCommand_noScript(t *testing.T) {
	emu := acctest.NewEmulator(t)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{{
		Config:      emu.Config(t, "main.tf", nil),
		PlanOnly:    true,
		ExpectError: acctest.WrappedRegexp(`No script.*command_content is not set`),
	}}})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// busyCommandEmulator is a test emulator with servers fleet-01 and
// fleet-02, where InvokeCommand's run on fleet-01 lasts runFor, and each
// DescribeCommandInvocations request moves the clock on a second.
func busyCommandEmulator(t *testing.T, runFor time.Duration) *acctest.Emulator {
	t.Helper()
	emu := acctest.NewEmulator(t)
	for _, id := range []string{"fleet-01", "fleet-02"} {
		emu.AddInstance(emulator.Instance{ID: id, RegionID: acctest.Region, Status: emulator.InstanceRunning})
	}
	emu.SetInvokeCommand(func(inv *emulator.Invocation) {
		if inv.InstanceID == "fleet-01" {
			inv.RunningFor = runFor
		}
	})
	emu.AdvanceClockOnRequest(acctest.CommandInvocationsAction, time.Second)
	return emu
}

// TestAccCommand_deleteWaitsForItsRuns destroys a saved command while an
// invocation of it still runs: the API refuses to delete a command being
// run, so the destroy waits, within timeouts.delete, until the run ends,
// then deletes it.
func TestAccCommand_deleteWaitsForItsRuns(t *testing.T) {
	emu := busyCommandEmulator(t, 40*time.Second)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Timed out waiting for the command.*still Running`),
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
	config := emu.Config(t, "main.tf", nil)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{Config: config, ExpectError: acctest.WrappedRegexp(`Timed out waiting for the command`)},
		{
			Config:  config,
			Destroy: true,
			ExpectError: acctest.WrappedRegexp(`Command still being run.*SWAS refuses to delete a command while it is being ` +
				`run.*when timeouts.delete ran out, after waiting [0-9]+s.*Still running: t-[0-9a-z]+ \(Running on fleet-01\)` +
				`.*destroy again, or raise timeouts.delete`),
		},
		{
			PreConfig: func() {
				if n := len(emu.Commands()); n != 1 {
					t.Errorf("%d commands after the failed destroy, want 1", n)
				}
				emu.Clock.Advance(2 * time.Hour)
			},
			Config:  config,
			Destroy: true,
		},
	}})
}

// TestAccCommand_timeouts: saving and changing a command are bounded by
// their own keys of timeouts, which their errors name.
func TestAccCommand_timeouts(t *testing.T) {
	emu := acctest.NewEmulator(t)
	config := func(name, create, update string) string {
		return emu.Config(t, "main.tf", acctest.ConfigValues{"Name": name, "Create": create, "Update": update})
	}
	outOfTime := func(key string) *regexp.Regexp {
		return acctest.WrappedRegexp(`Out of time before any request.*` + key + ` ran out before any request was sent`)
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{Config: config("deploy", "1ns", "1m"), ExpectError: outOfTime("timeouts.create")},
		{Config: config("deploy", "1m", "1m")},
		{Config: config("deploy-2", "1m", "1ns"), ExpectError: outOfTime("timeouts.update")},
	}})
	if created, updated := emu.Requests("CreateCommand"), emu.Requests("UpdateCommandAttribute"); created != 1 || updated != 0 {
		t.Errorf("CreateCommand was sent %d times and UpdateCommandAttribute %d, want 1 and 0", created, updated)
	}
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
			emu := acctest.NewEmulatorWithOptions(t, emulator.Options{Undocumented: answers})
			emu.SetInvokeCommand(func(inv *emulator.Invocation) { inv.Output = []byte("deployed 1.4.2\n") })
			emu.AdvanceClockOnRequest(acctest.CommandInvocationsAction, time.Second)
			listed := tfjsonpath.New("commands").AtSliceIndex(0)
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{{
				Config: emu.Config(t, "main.tf", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(commandAddress, "command_content", knownvalue.StringExact("deploy {{version}}")),
					acctest.ExpectValue(commandAddress, "working_dir", knownvalue.Null()),
					acctest.ExpectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(acctest.Instance).AtMapKey("output"),
						knownvalue.StringExact("deployed 1.4.2\n")),
					acctest.ExpectValueAt(invocationAddress, tfjsonpath.New("results").AtMapKey(acctest.Instance).AtMapKey("output_base64"),
						knownvalue.StringExact("ZGVwbG95ZWQgMS40LjIK")),
					acctest.ExpectValueAt("data.swas_commands.test", listed.AtMapKey("command_content"), knownvalue.StringExact("deploy {{version}}")),
				},
			}}})
		})
	}
}
