package runcommand_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// newLateRunEmulator is a run emulator with acctest.LateInstance, whose agent
// comes online a minute after the test starts; each read of the agent
// moves the clock on by 20 seconds.
func newLateRunEmulator(t *testing.T, outcome acctest.CommandOutcome) *acctest.RunEmulator {
	t.Helper()
	emu := acctest.NewRunEmulator(t, outcome)
	emu.AddInstance(emulator.Instance{ID: acctest.LateInstance, RegionID: acctest.Region, Status: emulator.InstanceRunning, AgentOnlineAfter: time.Minute})
	emu.AdvanceClockOnRequest(acctest.DescribeAgentAction, 20*time.Second)
	return emu
}

// TestAccRunCommand_agentLate: a command on a server whose agent comes
// online late succeeds with one RunCommand call, sent once it is online.
func TestAccRunCommand_agentLate(t *testing.T) {
	emu := newLateRunEmulator(t, acctest.Succeeds)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": acctest.LateInstance}),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact(emulator.StatusSuccess)),
				acctest.ExpectValue(acctest.RunAddress, "wait_for_cloud_assistant", knownvalue.Bool(true)),
			},
		}},
	})
	if n := emu.Requests(acctest.RunCommandAction); n != 1 {
		t.Errorf("%d RunCommand calls, want 1", n)
	}
	// Each read moves the clock on before it is answered: the third is a
	// minute in.
	if n := emu.Requests(acctest.DescribeAgentAction); n != 3 {
		t.Errorf("%d reads of the agent, want 3: it is online after a minute", n)
	}
}

// TestAccRunCommand_agentNeverOnline: an agent that never comes online
// fails the apply at timeouts.create, saying what to do, and runs nothing.
func TestAccRunCommand_agentNeverOnline(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	emu.AddInstance(emulator.Instance{ID: acctest.LateInstance, RegionID: acctest.Region, Status: emulator.InstanceRunning, NoAgent: true})
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": acctest.LateInstance}),
			ExpectError: acctest.WrappedRegexp(`Cloud Assistant agent not online.*before starting the command.*still offline after ` +
				`waiting 3s.*not installed.*InstallCloudAssistant .*reboot.*The command was not started`),
		}},
	})
	if n := emu.Requests(acctest.RunCommandAction); n != 0 {
		t.Errorf("%d RunCommand calls, want none", n)
	}
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("the apply took %s with a 3s timeout", elapsed)
	}
}

// TestAccRunCommand_stoppedServer: RunCommand on a stopped server is
// refused with IncorrectInstanceStatus; waiting for the agent says to
// start the server instead, without calling RunCommand.
func TestAccRunCommand_stoppedServer(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	emu.SetInstanceStatus(acctest.Instance, emulator.InstanceStopped)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "no_wait.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Server not running.*code IncorrectInstanceStatus.*HTTP status 403.*Start the server`),
		}, {
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Cloud Assistant agent not online.*If the server is stopped, start it`),
		}},
	})
	if n := emu.Requests(acctest.RunCommandAction); n != 1 {
		t.Errorf("%d RunCommand calls, want 1: only without waiting for the agent", n)
	}
}

// TestAccRunCommand_exitCodeNotRepeated: a run that started and failed is
// never run again.
func TestAccRunCommand_exitCodeNotRepeated(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.FailsWithDiskFull)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Command did not succeed.*status Failed, exit code 2, error code ExitCodeNonzero`),
		}},
	})
	if n := emu.Requests(acctest.RunCommandAction); n != 1 {
		t.Errorf("%d RunCommand calls, want 1", n)
	}
}

// TestAccRunCommand_agentDropped: the agent is online when the command is
// sent and drops before it is delivered, so the run ends Aborted with
// ClientNotRunning; the provider waits for the agent, runs the command
// again once, and warns with both invoke ids. OpenTofu runs as a user runs
// it, to show the warning.
func TestAccRunCommand_agentDropped(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	// The first read of the agent, 20 s in, finds it online; it drops half
	// a second later, before the command is delivered, for a minute.
	emu.AdvanceClockOnRequest(acctest.DescribeAgentAction, 20*time.Second)
	emu.DropAgent(acctest.Instance, 20*time.Second+emulator.DefaultPendingFor/2, time.Minute)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", nil))
	out := tofu.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")

	runs := emu.StartedRuns()
	if len(runs) != 2 {
		t.Fatalf("%d RunCommand calls, want 2:\n%s", len(runs), out)
	}
	warning := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"Warning: Command run again", runs[0].InvokeID + " ended Aborted (ClientNotRunning)",
		"The run kept in the state is " + runs[1].InvokeID} {
		if !strings.Contains(warning, want) {
			t.Errorf("the apply's output lacks %q:\n%s", want, out)
		}
	}
	state := tofu.Run(t, work, nil, "state", "show", "-no-color", acctest.RunAddress)
	if !strings.Contains(state, runs[1].InvokeID) || !strings.Contains(state, `"Success"`) {
		t.Errorf("the state does not hold the second run's success:\n%s", state)
	}
}
