package runcommand_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

const failedRunAddress = "swas_run_command.failed"

// failedRunEmulator is an emulator on which every command ends as shape
// says, each read of a result moving the clock on by ten seconds.
func failedRunEmulator(t *testing.T, shape func(*emulator.Invocation)) *acctest.Emulator {
	t.Helper()
	emu := acctest.NewEmulatorWithOptions(t, emulator.Options{RunCommand: shape})
	emu.AdvanceClockOnRequest(acctest.DescribeResultAction, 10*time.Second)
	return emu
}

// TestAccRunCommand_failedRunKeepsItsResult: the failed apply saves the
// final result it read, so the state still says how the run ended once the
// API has forgotten it, and no refresh or plan reads it again.
func TestAccRunCommand_failedRunKeepsItsResult(t *testing.T) {
	emu := failedRunEmulator(t, func(inv *emulator.Invocation) {
		inv.FinalStatus, inv.ExitCode = emulator.StatusFailed, 3
		inv.Output = []byte("migration 42 failed\n")
	})
	config := emu.Config(t, "main.tf", nil)
	var readsByApply int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`Command did not succeed`),
			},
			{
				PreConfig: func() {
					readsByApply = emu.Requests(acctest.DescribeResultAction)
					// Results are kept for two weeks.
					emu.Clock.Advance(emulator.Retention + time.Hour)
				},
				RefreshState: true,
				// The failed run is tainted: the plan replaces it.
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrSet(failedRunAddress, "invoke_id"),
					resource.TestCheckResourceAttr(failedRunAddress, "invocation_status", "Failed"),
					resource.TestCheckResourceAttr(failedRunAddress, "exit_code", "3"),
					resource.TestCheckResourceAttr(failedRunAddress, "error_code", "ExitCodeNonzero"),
					resource.TestCheckResourceAttr(failedRunAddress, "output", "migration 42 failed\n"),
					func(*terraform.State) error {
						if n := emu.Requests(acctest.DescribeResultAction) - readsByApply; n != 0 {
							return fmt.Errorf("the refresh read the final result %d more times", n)
						}
						return nil
					},
				),
			},
		},
	})
	if n := emu.Requests(acctest.DescribeResultAction) - readsByApply; n != 0 {
		t.Errorf("the refresh and plan read the final result %d more times", n)
	}
}

// TestAccRunCommand_waitsThroughStopping: Stopping is not final, so the
// wait goes on to the status the run ends in.
func TestAccRunCommand_waitsThroughStopping(t *testing.T) {
	emu := failedRunEmulator(t, func(inv *emulator.Invocation) {
		inv.PendingFor, inv.RunningFor, inv.StoppingFor = 0, 10*time.Second, 20*time.Second
		inv.FinalStatus = emulator.StatusTerminated
	})
	config := emu.Config(t, "main.tf", nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(failedRunAddress, "invocation_status", "Terminated"),
				resource.TestCheckResourceAttr(failedRunAddress, "error_code", "ExecutionInterrupted"),
			),
		}},
	})
	// Reads at +10s and +20s see Stopping, at +30s Terminated.
	if n := emu.Requests(acctest.DescribeResultAction); n < 3 {
		t.Errorf("%d reads, want at least 3: Stopping twice, then Terminated", n)
	}
}
