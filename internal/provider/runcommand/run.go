package runcommand

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// run is one create's run of the command: the request, where its failures
// are reported, and the plan it records the run in.
type createRun struct {
	data *framework.ProviderData
	in   swasclient.RunCommandInput
	plan *runCommandModel
	// timeout bounds the create, for the advice of errors.
	timeout framework.Timeout
}

// startWhenOnline waits for the agent when asked, then starts the command
// and records it in the plan.
func (r createRun) startWhenOnline(ctx context.Context, diags *diag.Diagnostics) (swasclient.InvocationRef, bool) {
	if err := r.awaitAgent(ctx); err != nil {
		framework.Failure{
			Doing:     fmt.Sprintf("waiting for the Cloud Assistant agent of instance %s in %s before starting the command", r.in.InstanceID, r.in.RegionID),
			Blame:     framework.InstanceBlame,
			Timeout:   r.timeout,
			Afterword: "The command was not started.",
		}.Add(diags, err)
		return swasclient.InvocationRef{}, false
	}
	started, err := r.data.Client.RunCommand(ctx, r.in)
	if err != nil {
		framework.Failure{
			Doing:         fmt.Sprintf("starting the command on instance %s in %s", r.in.InstanceID, r.in.RegionID),
			Blame:         framework.InstanceBlame,
			Timeout:       r.timeout,
			StartsCommand: true,
		}.Add(diags, err)
		return swasclient.InvocationRef{}, false
	}
	r.plan.RegionID = types.StringValue(r.in.RegionID)
	r.record(started)
	return swasclient.InvocationRef{RegionID: r.in.RegionID, InstanceID: r.in.InstanceID, InvokeID: started.InvokeID}, true
}

// record makes the run started the plan's, its result not read yet.
func (r createRun) record(started *swasclient.StartedInvocation) {
	r.plan.InvokeID = types.StringValue(started.InvokeID)
	r.plan.ID = types.StringValue(r.in.InstanceID + ":" + started.InvokeID)
	r.plan.ResultFields = framework.ResultFields{RequestID: types.StringValue(started.RequestID)}
}

// awaitAgent waits until the agent is online, unless told not to.
func (r createRun) awaitAgent(ctx context.Context) error {
	if !r.plan.WaitForCloudAssistant.ValueBool() {
		return nil
	}
	_, err := r.data.Client.WaitForCloudAssistant(ctx, swasclient.InstanceRef{RegionID: r.in.RegionID, InstanceID: r.in.InstanceID}, r.data.Wait.Poll)
	return err
}

// waitForResult waits for the run to end and records the last result read;
// save writes the plan to the state as soon as a run started again. Every
// error says that the run is kept.
func (r createRun) waitForResult(ctx context.Context, ref swasclient.InvocationRef, save func(), diags *diag.Diagnostics) {
	result, err := r.waitForStartedRun(ctx, &ref, save, diags)
	var timeout *swasclient.WaitTimeoutError
	if errors.As(err, &timeout) {
		result = timeout.Last
	}
	if result != nil {
		r.plan.SetResult(result, diags)
	}
	if err == nil && r.plan.RequireSuccess.ValueBool() && result.InvocationStatus != swasclient.StatusSuccess {
		err = &framework.UnsuccessfulError{Result: result, Output: r.plan.Output.ValueString(), Shown: failureOutput(r.plan)}
	}
	dropOutputUnlessStored(r.plan)
	if err != nil {
		framework.Failure{
			Doing:   fmt.Sprintf("waiting for invocation %s on instance %s in %s", ref.InvokeID, ref.InstanceID, ref.RegionID),
			Timeout: r.timeout,
			Afterword: fmt.Sprintf("Invocation %s is saved in the state with the result read so far, and marked "+
				"tainted: the next apply replaces the resource, which runs the command again. Untaint the resource "+
				"to keep this run instead; a refresh then reads its final result.", ref.InvokeID),
		}.Add(diags, err)
	}
}

// waitForStartedRun waits for the run's result and, while it never
// started and wait_for_cloud_assistant is set, waits for the agent and
// runs the command again, moving ref and the plan to the new run, saved
// at once. It warns with every run's invoke id when there was more than one.
func (r createRun) waitForStartedRun(ctx context.Context, ref *swasclient.InvocationRef, save func(), diags *diag.Diagnostics) (*swasclient.InvocationResult, error) {
	var runs []string
	defer func() { warnRunAgain(runs, *ref, diags) }()
	for {
		result, err := r.data.Client.WaitForInvocation(ctx, *ref, r.data.Wait)
		if err != nil || !neverStarted(result) || !r.plan.WaitForCloudAssistant.ValueBool() || len(runs)+1 >= maxRuns {
			return result, err
		}
		runs = append(runs, fmt.Sprintf("%s ended %s (%s)", ref.InvokeID, result.InvocationStatus, result.ErrorCode))
		if err := r.awaitAgent(ctx); err != nil {
			return result, err
		}
		started, err := r.data.Client.RunCommand(ctx, r.in)
		if err != nil {
			return result, err
		}
		ref.InvokeID = started.InvokeID
		r.record(started)
		save()
	}
}

// failureOutput is whether a require_success error quotes the output.
func failureOutput(m *runCommandModel) framework.FailureOutput {
	return framework.StoredOutput(m.StoreOutput, m.ShowOutputOnFailure, fmt.Sprintf("Read it with the "+
		"swas_invocation_result ephemeral resource (instance ID %s, invoke ID %s), or in the console's command "+
		"history", m.InstanceID.ValueString(), m.InvokeID.ValueString()))
}

// dropOutputUnlessStored nulls the output when store_output is false, once
// require_success has shown its last lines.
func dropOutputUnlessStored(m *runCommandModel) {
	if m.StoreOutput.Equal(types.BoolValue(false)) {
		m.Output = types.StringNull()
		m.OutputBase64 = types.StringNull()
	}
}
