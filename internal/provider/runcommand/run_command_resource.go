package runcommand

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ resource.ResourceWithConfigure      = (*runCommandResource)(nil)
	_ resource.ResourceWithValidateConfig = (*runCommandResource)(nil)
	_ resource.ResourceWithImportState    = (*runCommandResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*runCommandResource)(nil)
)

// NewResource is the swas_run_command resource.
func NewResource() resource.Resource {
	return &runCommandResource{framework.NewResource[runCommandModel]("run_command", runCommandSchema)}
}

type runCommandResource struct {
	framework.Resource[runCommandModel]
}

// ModifyPlan requires a script, once the plan knows whether an imported
// one is kept.
func (r *runCommandResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	requireScript(ctx, req.Plan, req.Config, &resp.Diagnostics)
}

// Create starts the command, saves the run at once, then waits for its
// result, all within timeouts.create. Since the command ran, a later
// failure keeps the run in the state: the resource is marked tainted
// instead of the run being repeated silently.
func (r *runCommandResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config runCommandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	// Write-only arguments are only in the configuration.
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := framework.CreateTimeout(plan.Timeouts, framework.RunTimeout(plan.Timeout))
	ctx, cancel, region, ok := framework.Begin(ctx, r.Data, plan.RegionID, timeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	run := createRun{data: r.Data, in: runCommandInput(ctx, region, &plan, &config, &resp.Diagnostics), plan: &plan, timeout: timeout}
	if resp.Diagnostics.HasError() {
		return
	}
	ref, ok := run.startWhenOnline(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, plan.identityOf(r.Data), &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !plan.WaitForCompletion.ValueBool() {
		return
	}
	save := func() { resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...) }
	run.waitForResult(ctx, ref, save, &resp.Diagnostics)
	save()
}

// runCommandInput is the request of the planned run; config holds the
// write-only arguments.
func runCommandInput(ctx context.Context, region string, plan, config *runCommandModel, diags *diag.Diagnostics) swasclient.RunCommandInput {
	content, parameters := plan.sent(&config.scriptArguments)
	in := swasclient.RunCommandInput{
		RegionID:            region,
		InstanceID:          plan.InstanceID.ValueString(),
		Name:                plan.Name.ValueString(),
		Type:                plan.Type.ValueString(),
		CommandContent:      content.ValueString(),
		Timeout:             plan.Timeout.ValueInt64(),
		WorkingDir:          plan.WorkingDir.ValueString(),
		WorkingUser:         plan.WorkingUser.ValueString(),
		WindowsPasswordName: plan.WindowsPasswordName.ValueString(),
		EnableParameter:     plan.EnableParameter.ValueBool(),
	}
	if !parameters.IsNull() {
		diags.Append(parameters.ElementsAs(ctx, &in.Parameters, false)...)
	}
	return in
}

// Read reads the result while the run is in progress. A final result never
// changes: reading it again would cost a call per resource and plan, and
// change nothing but request_id.
func (r *runCommandResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state runCommandModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Also a state written before identities: the run it names never changes.
	framework.SetIdentity(ctx, resp.Identity, state.identityOf(r.Data), &resp.Diagnostics)
	if state.StoreOutput.IsNull() {
		// A state written before store_output existed stored the output:
		// saying so spares an upgrade a plan of in-place updates.
		state.StoreOutput = types.BoolValue(true)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("store_output"), state.StoreOutput)...)
	}
	if !state.InvocationStatus.IsNull() && !swasclient.InProgress(state.InvocationStatus.ValueString()) {
		return
	}
	result, _, ok := framework.ReadResult(ctx, r.Data, framework.ResultRequest{
		RegionID:   state.RegionID,
		InstanceID: state.InstanceID.ValueString(),
		InvokeID:   state.InvokeID.ValueString(),
		Timeout:    framework.ReadTimeout(state.Timeouts),
		NotFound: func(region string, err error, diags *diag.Diagnostics) {
			diags.AddWarning("Command result no longer available", fmt.Sprintf("The API no longer has invocation %s "+
				"on instance %s in %s (%v): results are kept for two weeks, and go with a released server. The state "+
				"keeps the result last read; the command runs again only when an argument or triggers change.",
				state.InvokeID.ValueString(), state.InstanceID.ValueString(), region, err))
		},
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	state.SetResult(result, &resp.Diagnostics)
	dropOutputUnlessStored(&state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes only what runs no command (the other arguments replace the
// resource), so the invocation and its result stay as they are: the
// behaviour, and the script or parameters moved unchanged to their
// write-only arguments.
func (r *runCommandResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state runCommandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.WaitForCompletion = plan.WaitForCompletion
	state.RequireSuccess = plan.RequireSuccess
	state.WaitForCloudAssistant = plan.WaitForCloudAssistant
	state.Timeouts = plan.Timeouts
	state.StoreOutput = plan.StoreOutput
	state.ShowOutputOnFailure = plan.ShowOutputOnFailure
	state.CommandContent = plan.CommandContent
	state.Parameters = plan.Parameters
	state.CommandContentWOVersion = plan.CommandContentWOVersion
	dropOutputUnlessStored(&state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete only forgets the run: SWAS has no API to stop or undo a command.
func (r *runCommandResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state runCommandModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if status := state.InvocationStatus.ValueString(); swasclient.InProgress(status) {
		resp.Diagnostics.AddWarning("Command left running",
			fmt.Sprintf("Invocation %s on instance %s was last read as %s. SWAS has no API to stop a command, so it "+
				"is only removed from the state and runs on until it ends or reaches its timeout.",
				state.InvokeID.ValueString(), state.InstanceID.ValueString(), status))
	}
}
