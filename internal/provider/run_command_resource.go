package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ resource.ResourceWithConfigure      = (*runCommandResource)(nil)
	_ resource.ResourceWithValidateConfig = (*runCommandResource)(nil)
	_ resource.ResourceWithImportState    = (*runCommandResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*runCommandResource)(nil)
)

// NewRunCommandResource is the swas_run_command resource.
func NewRunCommandResource() resource.Resource {
	return &runCommandResource{}
}

type runCommandResource struct {
	data *providerData
}

func (r *runCommandResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_run_command"
}

func (r *runCommandResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig rejects combinations the API would refuse or ignore, at
// plan time, pointing at the argument that is set.
func (r *runCommandResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config runCommandModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	config.validateWriteOnly(&resp.Diagnostics)
	content, parameterValues := script(&config, &config)
	scriptAt := path.Root("command_content")
	if !config.CommandContentWO.IsNull() {
		scriptAt = path.Root("command_content_wo")
	}
	commandSizeCheck{action: "RunCommand", limit: swasclient.MaxRunCommandBytes, content: content,
		parameters: parameterValues, at: scriptAt}.validate(ctx, &resp.Diagnostics)
	// Unknown values are checked once known, at apply.
	isFalse := func(b types.Bool) bool { return b.Equal(types.BoolValue(false)) }
	parameters := path.Root("parameters")
	if len(config.ParametersWO.Elements()) > 0 {
		parameters = path.Root("parameters_wo")
	}
	if len(config.Parameters.Elements())+len(config.ParametersWO.Elements()) > 0 && !config.EnableParameter.IsUnknown() && !config.EnableParameter.ValueBool() {
		resp.Diagnostics.AddAttributeError(parameters, "Parameters without enable_parameter",
			parameters.String()+" are set, but enable_parameter is not true, so the {{name}} placeholders would not be "+
				"filled. Set enable_parameter = true.")
	}
	if isKnown(config.WindowsPasswordName) && !config.WindowsPasswordName.IsNull() {
		if config.WorkingUser.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("windows_password_name"), "Password without a user",
				"windows_password_name is the password of working_user, which is not set. Set working_user too.")
		}
		if !config.Type.IsUnknown() && (config.Type.IsNull() || config.Type.ValueString() == shellScript) {
			resp.Diagnostics.AddAttributeError(path.Root("windows_password_name"), "Password for a Linux command",
				"windows_password_name is for commands on Windows servers. Set type to RunBatScript or RunPowerShellScript.")
		}
	}
	if isFalse(config.WaitForCompletion) && !isFalse(config.RequireSuccess) && !config.RequireSuccess.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("wait_for_completion"), "require_success needs waiting",
			"With wait_for_completion = false the apply ends before the command's result is known, so "+
				"require_success (true by default) cannot be checked. Set require_success = false too.")
	}
}

// ModifyPlan requires a script, once the plan knows whether an imported
// one is kept.
func (r *runCommandResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	requireScript(ctx, req.Plan, req.Config, &resp.Diagnostics)
}

// Create starts the command, saves the run at once, then waits for its
// result. Since the command ran, a later failure keeps the run in the
// state: the resource is marked tainted instead of the run being repeated
// silently.
func (r *runCommandResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config runCommandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	// Write-only arguments are only in the configuration.
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region, ok := r.data.regionFor(plan.RegionID, &resp.Diagnostics)
	if !ok {
		return
	}
	createTimeout, timeoutDiags := plan.Timeouts.Create(ctx, max(minCreateTimeout, commandTimeout(plan.Timeout)+createMargin))
	resp.Diagnostics.Append(timeoutDiags...)
	in := plan.runCommandInput(ctx, region, &config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	ref, ok := r.startWhenOnline(ctx, in, &plan, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !plan.WaitForCompletion.ValueBool() {
		return
	}
	save := func() { resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...) }
	r.waitForResult(ctx, in, ref, &plan, save, &resp.Diagnostics)
	save()
}

// start runs the command and records the run in the plan.
func (r *runCommandResource) start(ctx context.Context, in swasclient.RunCommandInput, plan *runCommandModel, diags *diag.Diagnostics) (swasclient.InvocationRef, bool) {
	started, err := r.data.client.RunCommand(ctx, in)
	if err != nil {
		apiFailure{
			doing:          fmt.Sprintf("starting the command on instance %s in %s", in.InstanceID, in.RegionID),
			blame:          instanceBlame,
			timeoutSetting: "timeouts.create",
			startsCommand:  true,
		}.add(diags, err)
		return swasclient.InvocationRef{}, false
	}
	plan.RegionID = types.StringValue(in.RegionID)
	plan.InvokeID = types.StringValue(started.InvokeID)
	plan.ID = types.StringValue(in.InstanceID + ":" + started.InvokeID)
	plan.invocationResultFields = invocationResultFields{RequestID: types.StringValue(started.RequestID)}
	return swasclient.InvocationRef{RegionID: in.RegionID, InstanceID: in.InstanceID, InvokeID: started.InvokeID}, true
}

// waitForResult waits for the run to end and records the last result read;
// save writes the plan to the state as soon as a run started again. Every
// error says that the run is kept.
func (r *runCommandResource) waitForResult(ctx context.Context, in swasclient.RunCommandInput, ref swasclient.InvocationRef, plan *runCommandModel, save func(), diags *diag.Diagnostics) {
	result, err := r.waitForStartedRun(ctx, in, &ref, plan, save, diags)
	var timeout *swasclient.WaitTimeoutError
	if errors.As(err, &timeout) {
		result = timeout.Last
	}
	if result != nil {
		plan.setResult(result, diags)
	}
	if err == nil && plan.RequireSuccess.ValueBool() && result.InvocationStatus != swasclient.StatusSuccess {
		err = &unsuccessfulError{result: result, output: plan.Output.ValueString(), shown: plan.failureOutput()}
	}
	plan.dropOutputUnlessStored()
	if err != nil {
		apiFailure{
			doing:          fmt.Sprintf("waiting for invocation %s on instance %s in %s", ref.InvokeID, ref.InstanceID, ref.RegionID),
			timeoutSetting: "timeouts.create",
			afterword: fmt.Sprintf("Invocation %s is saved in the state with the result read so far, and marked "+
				"tainted: the next apply replaces the resource, which runs the command again. Untaint the resource "+
				"to keep this run instead; a refresh then reads its final result.", ref.InvokeID),
		}.add(diags, err)
	}
}

// commandTimeout is how long the command may run on the server.
func commandTimeout(timeout types.Int64) time.Duration {
	if timeout.IsNull() || timeout.IsUnknown() {
		return apiCommandTimeout
	}
	return time.Duration(timeout.ValueInt64()) * time.Second
}

// runCommandInput is the request of the planned run; config holds the
// write-only arguments.
func (m *runCommandModel) runCommandInput(ctx context.Context, region string, config *runCommandModel, diags *diag.Diagnostics) swasclient.RunCommandInput {
	content, parameters := script(m, config)
	in := swasclient.RunCommandInput{
		RegionID:            region,
		InstanceID:          m.InstanceID.ValueString(),
		Name:                m.Name.ValueString(),
		Type:                m.Type.ValueString(),
		CommandContent:      content.ValueString(),
		Timeout:             m.Timeout.ValueInt64(),
		WorkingDir:          m.WorkingDir.ValueString(),
		WorkingUser:         m.WorkingUser.ValueString(),
		WindowsPasswordName: m.WindowsPasswordName.ValueString(),
		EnableParameter:     m.EnableParameter.ValueBool(),
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
	if state.StoreOutput.IsNull() {
		// A state written before store_output existed stored the output:
		// saying so spares an upgrade a plan of in-place updates.
		state.StoreOutput = types.BoolValue(true)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("store_output"), state.StoreOutput)...)
	}
	if !state.InvocationStatus.IsNull() && !swasclient.InProgress(state.InvocationStatus.ValueString()) {
		return
	}
	result, _, ok := invocationRead{
		regionID:   state.RegionID,
		instanceID: state.InstanceID.ValueString(),
		invokeID:   state.InvokeID.ValueString(),
		timeouts:   state.Timeouts,
		notFound:   state.warnResultGone,
	}.read(ctx, r.data, &resp.Diagnostics)
	if !ok {
		return
	}
	state.setResult(result, &resp.Diagnostics)
	state.dropOutputUnlessStored()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// warnResultGone explains why the state keeps the last result read.
func (m *runCommandModel) warnResultGone(region string, err error, diags *diag.Diagnostics) {
	diags.AddWarning("Command result no longer available",
		fmt.Sprintf("The API no longer has invocation %s on instance %s in %s (%v): results are kept for two weeks, "+
			"and go with a released server. The state keeps the result last read; the command runs again only "+
			"when an argument or triggers change.", m.InvokeID.ValueString(), m.InstanceID.ValueString(), region, err))
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
	state.dropOutputUnlessStored()
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
