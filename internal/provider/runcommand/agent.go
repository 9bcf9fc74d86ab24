package runcommand

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// maxRuns bounds how many times one create runs a command that never
// starts, so that an agent that keeps dropping cannot flood the server
// with runs before the timeout.
const maxRuns = 5

// notStartedCodes are the ErrorCode values of a run that ended before the
// command started on the server, because the agent could not take it at
// that moment; a later run may start. Each, from the SDK's list:
//   - ClientNotRunning: the agent was not running (a server just started,
//     or the agent restarting), so nothing was delivered.
//   - ClientNotResponse: the agent did not answer the delivery.
//   - ClientIsUpgrading: the agent refused the command while upgrading.
//   - DeliveryTimeout: the command was never delivered in time.
//   - InstanceNotRunning: the server was not running when the run was
//     created; it runs once the server is started and its agent is online.
//
// The others are not in the list: the command started (ExitCodeNonzero,
// ExecutionTimeout, ExecutionException, ExecutionInterrupted), or running
// it again gives the same answer (InstanceNotExists, InstanceReleased,
// AccountNotExists, DirectoryNotExists, CommandNotApplicable, and
// ClientNeedUpgrade, which needs the agent upgraded by hand).
var notStartedCodes = []string{"ClientNotRunning", "ClientNotResponse", "ClientIsUpgrading", "DeliveryTimeout", "InstanceNotRunning"}

// neverStarted reports whether a final result is a run that never started
// for a reason a later run may not meet: ended Invalid or Aborted, with no
// start time, and one of notStartedCodes.
func neverStarted(r *swasclient.InvocationResult) bool {
	return (r.InvocationStatus == swasclient.StatusInvalid || r.InvocationStatus == swasclient.StatusAborted) &&
		r.StartTime == "" && slices.Contains(notStartedCodes, r.ErrorCode)
}

// warnRunAgain tells that the command was run more than once, and why.
func warnRunAgain(runs []string, last swasclient.InvocationRef, diags *diag.Diagnostics) {
	if len(runs) == 0 {
		return
	}
	diags.AddWarning("Command run again",
		fmt.Sprintf("The command did not start on instance %s, because its Cloud Assistant agent could not take it, "+
			"so it was run again once the agent was online. Runs that never started: %s. The run kept in the state "+
			"is %s.", last.InstanceID, strings.Join(runs, "; "), last.InvokeID))
}
