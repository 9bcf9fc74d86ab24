package fleet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ resource.ResourceWithConfigure      = (*commandInvocationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*commandInvocationResource)(nil)
	_ resource.ResourceWithImportState    = (*commandInvocationResource)(nil)
)

// fleetBlame points a not-found answer at what the API did not find.
var fleetBlame = map[string]path.Path{
	"Command": path.Root("command_id"), "Instance": path.Root("instance_ids"), "Region": path.Root("region_id"),
}

// NewCommandInvocationResource is the swas_command_invocation resource.
func NewCommandInvocationResource() resource.Resource {
	return &commandInvocationResource{framework.NewResource[commandInvocationModel]("command_invocation", commandInvocationSchema)}
}

type commandInvocationResource struct {
	framework.Resource[commandInvocationModel]
}

// Create starts the command on every server, saves the run at once, then
// waits for all of them, within timeouts.create. Since the command ran, a
// later failure keeps the run in the state, tainted, as swas_run_command
// does.
func (r *commandInvocationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config commandInvocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	// Write-only arguments are only in the configuration.
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := framework.CreateTimeout(plan.Timeouts, framework.MinRunTimeout)
	ctx, cancel, region, ok := framework.Begin(ctx, r.Data, plan.RegionID, timeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	in := invokeInput(ctx, region, &plan, &config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	started, err := r.Data.Client.InvokeCommand(ctx, in)
	if err != nil {
		framework.Failure{
			Doing: fmt.Sprintf("starting command %s on %s in %s", in.CommandID, framework.Plural(len(in.InstanceIDs), "server"), region),
			Blame: fleetBlame, Timeout: timeout, StartsCommand: true,
		}.Add(&resp.Diagnostics, err)
		return
	}
	plan.RegionID = types.StringValue(region)
	plan.ID, plan.InvokeID = types.StringValue(started.InvokeID), types.StringValue(started.InvokeID)
	plan.InvocationStatus = types.StringNull()
	plan.Results = types.MapNull(instanceResultType)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, r.identity(&plan), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.waitForResults(ctx, region, &plan, timeout, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// invokeInput is the request of the planned run; config holds the
// write-only parameters.
func invokeInput(ctx context.Context, region string, plan, config *commandInvocationModel, diags *diag.Diagnostics) swasclient.InvokeCommandInput {
	in := swasclient.InvokeCommandInput{RegionID: region, CommandID: plan.CommandID.ValueString(), Username: plan.Username.ValueString()}
	diags.Append(plan.InstanceIDs.ElementsAs(ctx, &in.InstanceIDs, false)...)
	slices.Sort(in.InstanceIDs)
	if parameters := plan.sent(&config.parameterArguments); !parameters.IsNull() {
		diags.Append(parameters.ElementsAs(ctx, &in.Parameters, false)...)
	}
	return in
}

// waitForResults waits for every server and records the last results
// read. Every error says that the run is kept.
func (r *commandInvocationResource) waitForResults(ctx context.Context, region string, plan *commandInvocationModel, timeout framework.Timeout, diags *diag.Diagnostics) {
	invokeID := plan.InvokeID.ValueString()
	inv, err := r.Data.Client.WaitForCommandInvocation(ctx, region, invokeID, r.Data.Wait)
	var waitTimeout *swasclient.CommandWaitTimeoutError
	if errors.As(err, &waitTimeout) {
		inv = waitTimeout.Last
	}
	if inv != nil {
		setResults(ctx, plan, inv, diags)
	}
	if err == nil && plan.RequireSuccess.ValueBool() && !succeededEverywhere(inv) {
		err = &fleetUnsuccessfulError{invocation: inv, shown: framework.StoredOutput(plan.StoreOutput, plan.ShowOutputOnFailure,
			"Read each server's output in the console's command history, invoke ID "+invokeID+
				", or with the API's DescribeCommandInvocations")}
	}
	dropOutputsUnlessStored(plan, diags)
	if err != nil {
		framework.Failure{
			Doing:   fmt.Sprintf("waiting for invocation %s in %s", invokeID, region),
			Timeout: timeout,
			Afterword: fmt.Sprintf("Invocation %s is saved in the state with the results read so far, and marked "+
				"tainted: the next apply replaces the resource, which runs the command again on every server. "+
				"Untaint the resource to keep this run instead.", invokeID),
		}.Add(diags, err)
	}
}

// setResults records the invocation as read: the overall status and every
// server's result.
func setResults(ctx context.Context, m *commandInvocationModel, inv *swasclient.CommandInvocation, diags *diag.Diagnostics) {
	m.Results = resultsFrom(ctx, inv, !m.StoreOutput.Equal(types.BoolValue(false)), diags)
	m.InvocationStatus = types.StringValue(inv.InvocationStatus)
}

// dropOutputsUnlessStored nulls every server's output when store_output is
// false.
func dropOutputsUnlessStored(m *commandInvocationModel, diags *diag.Diagnostics) {
	if m.StoreOutput.Equal(types.BoolValue(false)) && !m.Results.IsNull() && !m.Results.IsUnknown() {
		m.Results = withoutOutputs(m.Results, diags)
	}
}

// Read reads the results while some server has not finished; final
// results never change.
func (r *commandInvocationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state commandInvocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Also a state written before identities: the run it names never changes.
	framework.SetIdentity(ctx, resp.Identity, r.identity(&state), &resp.Diagnostics)
	if finished(ctx, state.Results) {
		return
	}
	invokeID := state.InvokeID.ValueString()
	op := framework.Operation{
		RegionID: state.RegionID,
		Timeout:  framework.ReadTimeout(state.Timeouts),
		Doing:    "reading invocation " + invokeID,
		Blame:    fleetBlame,
		NotFound: func(region string, err error, diags *diag.Diagnostics) {
			diags.AddWarning("Command results no longer available", fmt.Sprintf("The API no longer has invocation "+
				"%s in %s (%v): results are kept for two weeks. The state keeps the results last read.", invokeID, region, err))
		},
	}
	inv, _, ok := framework.Call(ctx, r.Data, op, func(ctx context.Context, region string) (*swasclient.CommandInvocation, error) {
		return r.Data.Client.DescribeCommandInvocation(ctx, region, invokeID)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	setResults(ctx, &state, inv, &resp.Diagnostics)
	dropOutputsUnlessStored(&state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes only what runs nothing: the other arguments replace the
// resource.
func (r *commandInvocationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state commandInvocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.RequireSuccess, state.Timeouts = plan.RequireSuccess, plan.Timeouts
	// The parameters moved unchanged to parameters_wo, or only the
	// arguments about what is kept changed.
	state.Parameters, state.ParametersWOVersion = plan.Parameters, plan.ParametersWOVersion
	state.StoreOutput, state.ShowOutputOnFailure = plan.StoreOutput, plan.ShowOutputOnFailure
	dropOutputsUnlessStored(&state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete only forgets the run: SWAS has no API to stop or undo a command.
func (r *commandInvocationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state commandInvocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if ids := running(ctx, state.Results, &resp.Diagnostics); len(ids) > 0 {
		resp.Diagnostics.AddWarning("Command left running", fmt.Sprintf("Invocation %s was last read as still running "+
			"on %s. SWAS has no API to stop a command, so it is only removed from the state and runs on until it ends "+
			"or reaches its timeout.", state.InvokeID.ValueString(), strings.Join(ids, ", ")))
	}
}
