package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// runCommandAgentSettings are swas_run_command's settings for the agent.
type runCommandAgentSettings struct {
	WaitForCloudAssistant types.Bool `tfsdk:"wait_for_cloud_assistant"`
}

// runCommandAgent is the attribute that waits for the agent.
func runCommandAgent() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"wait_for_cloud_assistant": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
			Description: "Before RunCommand, wait within `timeouts.create` until the server's Cloud Assistant agent " +
				"is online, as on a server just created, started or rebooted. With `wait_for_completion`, a run that " +
				"ends without having started because the agent could not take it (error code `ClientNotRunning`, " +
				"`ClientNotResponse`, `ClientIsUpgrading`, `DeliveryTimeout` or `InstanceNotRunning`) is run again, " +
				fmt.Sprintf("at most %d runs in all, with a warning listing each run's invoke id; ", maxRuns) +
				"a run that started is never repeated. When `false`, RunCommand is called at once and a run that " +
				"did not start fails like any other. Changing it runs nothing. Defaults to `true`.",
		},
	}
}

// startWhenOnline waits for the agent when asked, then starts the command.
func (r *runCommandResource) startWhenOnline(ctx context.Context, in swasclient.RunCommandInput, plan *runCommandModel, diags *diag.Diagnostics) (swasclient.InvocationRef, bool) {
	if err := r.awaitAgent(ctx, in, plan); err != nil {
		apiFailure{
			doing:          fmt.Sprintf("waiting for the Cloud Assistant agent of instance %s in %s before starting the command", in.InstanceID, in.RegionID),
			blame:          instanceBlame,
			timeoutSetting: "timeouts.create",
			afterword:      "The command was not started.",
		}.add(diags, err)
		return swasclient.InvocationRef{}, false
	}
	return r.start(ctx, in, plan, diags)
}

// awaitAgent waits until the agent is online, unless told not to.
func (r *runCommandResource) awaitAgent(ctx context.Context, in swasclient.RunCommandInput, plan *runCommandModel) error {
	if !plan.WaitForCloudAssistant.ValueBool() {
		return nil
	}
	_, err := r.data.client.WaitForCloudAssistant(ctx, swasclient.InstanceRef{RegionID: in.RegionID, InstanceID: in.InstanceID}, r.data.wait.Poll)
	return err
}

// waitForStartedRun waits for the run's result and, while it never
// started and wait_for_cloud_assistant is set, waits for the agent and
// runs the command again, moving ref and the plan to the new run, saved
// at once. It warns with every run's invoke id when there was more than one.
func (r *runCommandResource) waitForStartedRun(ctx context.Context, in swasclient.RunCommandInput, ref *swasclient.InvocationRef, plan *runCommandModel, save func(), diags *diag.Diagnostics) (*swasclient.InvocationResult, error) {
	var runs []string
	defer func() { warnRunAgain(runs, *ref, diags) }()
	for {
		result, err := r.data.client.WaitForInvocation(ctx, *ref, r.data.wait)
		if err != nil || !neverStarted(result) || !plan.WaitForCloudAssistant.ValueBool() || len(runs)+1 >= maxRuns {
			return result, err
		}
		runs = append(runs, fmt.Sprintf("%s ended %s (%s)", ref.InvokeID, result.InvocationStatus, result.ErrorCode))
		if err := r.awaitAgent(ctx, in, plan); err != nil {
			return result, err
		}
		started, err := r.data.client.RunCommand(ctx, in)
		if err != nil {
			return result, err
		}
		ref.InvokeID = started.InvokeID
		plan.InvokeID = types.StringValue(started.InvokeID)
		plan.ID = types.StringValue(in.InstanceID + ":" + started.InvokeID)
		plan.invocationResultFields = invocationResultFields{RequestID: types.StringValue(started.RequestID)}
		save()
	}
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
