package runcommand

import (
	"slices"
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// TestNeverStarted holds every per-run error code the SDK documents on
// InvocationResult.ErrorCode to whether a run that ended with it is run
// again: only when the agent could not take the command at that moment.
func TestNeverStarted(t *testing.T) {
	runAgain := []string{"ClientNotRunning", "ClientNotResponse", "ClientIsUpgrading", "DeliveryTimeout", "InstanceNotRunning"}
	documented := append([]string{
		"InstanceNotExists", "InstanceReleased", "AccountNotExists", "DirectoryNotExists", "ClientNeedUpgrade",
		"ExecutionTimeout", "ExecutionException", "ExecutionInterrupted", "ExitCodeNonzero", "CommandNotApplicable",
	}, runAgain...)
	for _, code := range documented {
		for _, status := range swasclient.TerminalStatuses {
			r := &swasclient.InvocationResult{InvocationStatus: status, ErrorCode: code}
			want := slices.Contains(runAgain, code) && (status == swasclient.StatusInvalid || status == swasclient.StatusAborted)
			if got := neverStarted(r); got != want {
				t.Errorf("%s with %s: neverStarted = %v, want %v", status, code, got, want)
			}
		}
	}
	started := &swasclient.InvocationResult{InvocationStatus: swasclient.StatusAborted, ErrorCode: "ClientNotRunning", StartTime: "2022-07-11T06:37:17Z"}
	if neverStarted(started) {
		t.Error("a run with a start time is read as never started")
	}
}
