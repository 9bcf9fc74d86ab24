package runcommand_test

import (
	"testing"

	tfconfig "github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

// plansAction expects the next apply to do action to swas_run_command.test.
func plansAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RunAddress, action)}}
}

// expectNoScriptStored checks that neither the script nor the parameters
// are in the state.
func expectNoScriptStored() []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for _, name := range []string{"command_content", "command_content_wo", "parameters", "parameters_wo"} {
		checks = append(checks, acctest.ExpectValue(acctest.RunAddress, name, knownvalue.Null()))
	}
	return checks
}

// expectLastRun fails the test unless the last command started ran script
// with the parameter token.
func expectLastRun(t *testing.T, e *acctest.RunEmulator, script, token string) {
	t.Helper()
	runs := e.StartedRuns()
	if len(runs) == 0 {
		t.Fatal("no command was started")
	}
	if last := runs[len(runs)-1]; last.CommandContent != script || last.Parameters["token"] != token {
		t.Errorf("the API received script %q with token %v, want %q with %q", last.CommandContent, last.Parameters["token"], script, token)
	}
}

// TestAccRunCommandSecrets_writeOnly runs a write-only script with
// write-only parameters, stores neither, runs nothing when only they change,
// and runs the command again when command_content_wo_version changes.
func TestAccRunCommandSecrets_writeOnly(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	config := func(script string, version int, token string) string {
		return emu.Config(t, "main.tf", acctest.ConfigValues{"Script": script, "Version": version, "Token": token})
	}

	emu.TestExpectingRuns(t, 2, []resource.TestStep{
		{
			Config: config("echo {{token}}", 1, "first-token"),
			ConfigStateChecks: append(expectNoScriptStored(),
				acctest.ExpectValue(acctest.RunAddress, "command_content_wo_version", knownvalue.Int64Exact(1)),
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Success")),
			),
		},
		{
			PreConfig: func() { expectLastRun(t, emu, "echo {{token}}", "first-token") },
			Config:    config("echo {{token}} again", 1, "second-token"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
		{
			PreConfig:         func() { emu.ExpectRuns(t, 1) },
			Config:            config("echo {{token}} again", 2, "second-token"),
			ConfigPlanChecks:  plansAction(plancheck.ResourceActionReplace),
			ConfigStateChecks: expectNoScriptStored(),
		},
	})
	expectLastRun(t, emu, "echo {{token}} again", "second-token")
}

// TestAccRunCommandSecrets_moveToWriteOnly moves a stored script and
// parameters to their write-only arguments without running the command
// again, and runs it again when they differ.
func TestAccRunCommandSecrets_moveToWriteOnly(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	stored := emu.Config(t, "stored.tf", acctest.ConfigValues{"Token": "kept"})
	writeOnly := func(token string) string {
		return emu.Config(t, "write_only.tf", acctest.ConfigValues{"Script": "echo {{token}}", "Token": token})
	}

	emu.TestExpectingRuns(t, 3, []resource.TestStep{
		{
			Config:            stored,
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectValue(acctest.RunAddress, "command_content", knownvalue.StringExact("echo {{token}}"))},
		},
		{
			Config:            writeOnly("kept"),
			ConfigPlanChecks:  plansAction(plancheck.ResourceActionUpdate),
			ConfigStateChecks: append(expectNoScriptStored(), acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.StringExact("ran: echo {{token}}\n"))),
		},
		{
			PreConfig:        func() { emu.ExpectRuns(t, 1) },
			Config:           stored,
			ConfigPlanChecks: plansAction(plancheck.ResourceActionReplace),
		},
		{
			Config:            writeOnly("changed"),
			ConfigPlanChecks:  plansAction(plancheck.ResourceActionReplace),
			ConfigStateChecks: expectNoScriptStored(),
		},
	})
	expectLastRun(t, emu, "echo {{token}}", "changed")
}

// TestAccRunCommandSecrets_storeOutput keeps the output out of the state,
// and the status, exit code and errors in it; changing store_output runs
// nothing.
func TestAccRunCommandSecrets_storeOutput(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	config := func(store, requireSuccess bool) string {
		return emu.Config(t, "main.tf", acctest.ConfigValues{"StoreOutput": store, "RequireSuccess": requireSuccess})
	}
	notStored := []statecheck.StateCheck{
		acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.Null()),
		acctest.ExpectValue(acctest.RunAddress, "output_base64", knownvalue.Null()),
		acctest.ExpectValue(acctest.RunAddress, "store_output", knownvalue.Bool(false)),
	}

	emu.TestExpectingRuns(t, 1, []resource.TestStep{
		{
			Config: config(false, true),
			ConfigStateChecks: append(notStored,
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue(acctest.RunAddress, "exit_code", knownvalue.Int64Exact(0)),
				acctest.ExpectValue(acctest.RunAddress, "error_code", knownvalue.StringExact("")),
			),
		},
		{
			Config:           config(true, true),
			ConfigPlanChecks: plansAction(plancheck.ResourceActionUpdate),
			// The output comes back with the next run.
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.Null())},
		},
	})

	failing := acctest.NewRunEmulator(t, acctest.FailsWithDiskFull)
	failing.TestExpectingRuns(t, 3, []resource.TestStep{
		{
			Config: failing.Config(t, "main.tf", acctest.ConfigValues{"StoreOutput": true, "RequireSuccess": false}),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.StringExact("step 1\nerror: disk full\n")),
			},
		},
		{
			Config:            failing.Config(t, "main.tf", acctest.ConfigValues{"StoreOutput": false, "RequireSuccess": false}),
			ConfigPlanChecks:  plansAction(plancheck.ResourceActionUpdate),
			ConfigStateChecks: notStored,
		},
		{
			// Replaced through the taint below, the run fails without
			// quoting the output it keeps out of the state.
			Taint:  []string{acctest.RunAddress},
			Config: failing.Config(t, "main.tf", acctest.ConfigValues{"StoreOutput": false, "RequireSuccess": true}),
			ExpectError: acctest.WrappedRegexp(`Command did not succeed.*status Failed, exit code 2.*The output is not shown here: ` +
				`store_output = false keeps it out of the state`),
		},
		{
			Config: failing.Config(t, "main.tf", acctest.ConfigValues{"StoreOutput": false, "RequireSuccess": false}),
			ConfigStateChecks: append(notStored,
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Failed")),
				acctest.ExpectValue(acctest.RunAddress, "exit_code", knownvalue.Int64Exact(2)),
				acctest.ExpectValue(acctest.RunAddress, "error_code", knownvalue.StringExact("ExitCodeNonzero")),
			),
		},
	})
}

// TestAccRunCommandSecrets_invalidInputs rejects, at plan time and naming
// the attribute, a script or parameters set twice or not at all, and a
// version of nothing write-only.
func TestAccRunCommandSecrets_invalidInputs(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	var steps []resource.TestStep
	for _, c := range []struct{ arguments, want string }{
		{`command_content = "x"
  command_content_wo = "x"`, `Script set twice.*command_content_wo.*command_content and command_content_wo are both set`},
		{`timeout = 30`, `No script.*Neither command_content nor command_content_wo is set`},
		{`command_content = "x"
  enable_parameter = true
  parameters = { a = "1" }
  parameters_wo = { a = "1" }`, `Parameters set twice.*parameters_wo`},
		{`command_content = "x"
  command_content_wo_version = 1`, `Version of nothing write-only.*command_content_wo_version`},
		{`command_content_wo = "echo {{a}}"
  parameters_wo = { a = "1" }`, `Parameters without enable_parameter.*parameters_wo are set`},
		{`command_content_wo = "x"
  enable_parameter = true
  parameters_wo = { "bad name" = "1" }`, `parameters_wo.*must be letters, digits`},
		{`command_content_wo = ""`, `Invalid Attribute Value Length.*command_content_wo`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Arguments": c.arguments}),
			PlanOnly:    true,
			ExpectError: acctest.WrappedRegexp(c.want),
		})
	}
	emu.TestExpectingRuns(t, 0, steps)
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}

// TestAccRunCommandSecrets_switchByVariable chooses between a stored and a
// write-only script and parameters with a variable: validate, which runs
// with variables unknown, accepts both, and the plan decides once known.
func TestAccRunCommandSecrets_switchByVariable(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	config := emu.Config(t, "main.tf", nil)
	emu.TestExpectingRuns(t, 2, []resource.TestStep{
		{
			Config:            config,
			ConfigStateChecks: expectNoScriptStored(),
		},
		{
			PreConfig:        func() { expectLastRun(t, emu, "echo {{token}} secret", "secret") },
			Config:           config,
			ConfigVariables:  tfconfig.Variables{"secret": tfconfig.BoolVariable(false)},
			ConfigPlanChecks: plansAction(plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "command_content", knownvalue.StringExact("echo {{token}} plain")),
			},
		},
	})
	expectLastRun(t, emu, "echo {{token}} plain", "plain")
}

// TestAccRunCommandSecrets_moveAddsParameters moves the script to
// command_content_wo unchanged but adds parameters_wo: the command runs
// again, with the new parameters, since the run in the state had none.
func TestAccRunCommandSecrets_moveAddsParameters(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	emu.TestExpectingRuns(t, 2, []resource.TestStep{
		{Config: emu.Config(t, "stored.tf", nil)},
		{
			Config:            emu.Config(t, "write_only.tf", nil),
			ConfigPlanChecks:  plansAction(plancheck.ResourceActionReplace),
			ConfigStateChecks: expectNoScriptStored(),
		},
	})
	expectLastRun(t, emu, "echo token=[{{token}}]", "NEWSECRET-123")
}
