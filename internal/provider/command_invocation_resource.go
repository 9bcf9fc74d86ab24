package provider

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

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ resource.ResourceWithConfigure      = (*commandInvocationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*commandInvocationResource)(nil)
)

// fleetBlame points a not-found answer at what the API did not find.
var fleetBlame = map[string]path.Path{
	"Command": path.Root("command_id"), "Instance": path.Root("instance_ids"), "Region": path.Root("region_id"),
}

// NewCommandInvocationResource is the swas_command_invocation resource.
func NewCommandInvocationResource() resource.Resource {
	return &commandInvocationResource{}
}

type commandInvocationResource struct {
	data *providerData
}

func (r *commandInvocationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_command_invocation"
}

func (r *commandInvocationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

// Create starts the command on every server, saves the run at once, then
// waits for all of them. Since the command ran, a later failure keeps the
// run in the state, tainted, as swas_run_command does.
func (r *commandInvocationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config commandInvocationModel
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
	createTimeout, timeoutDiags := plan.Timeouts.Create(ctx, minCreateTimeout)
	resp.Diagnostics.Append(timeoutDiags...)
	in := plan.invokeInput(ctx, region, &config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	started, err := r.data.client.InvokeCommand(ctx, in)
	if err != nil {
		apiFailure{
			doing: fmt.Sprintf("starting command %s on %s in %s", in.CommandID, plural(len(in.InstanceIDs), "server"), region),
			blame: fleetBlame, timeoutSetting: "timeouts.create", startsCommand: true,
		}.add(&resp.Diagnostics, err)
		return
	}
	plan.RegionID = types.StringValue(region)
	plan.ID, plan.InvokeID = types.StringValue(started.InvokeID), types.StringValue(started.InvokeID)
	plan.InvocationStatus = types.StringNull()
	plan.Results = types.MapNull(instanceResultType)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.waitForResults(ctx, region, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// invokeInput is the request of the planned run; config holds the
// write-only parameters.
func (m *commandInvocationModel) invokeInput(ctx context.Context, region string, config *commandInvocationModel, diags *diag.Diagnostics) swasclient.InvokeCommandInput {
	in := swasclient.InvokeCommandInput{RegionID: region, CommandID: m.CommandID.ValueString(), Username: m.Username.ValueString()}
	diags.Append(m.InstanceIDs.ElementsAs(ctx, &in.InstanceIDs, false)...)
	slices.Sort(in.InstanceIDs)
	if parameters := m.parameters(config); !parameters.IsNull() {
		diags.Append(parameters.ElementsAs(ctx, &in.Parameters, false)...)
	}
	return in
}

// waitForResults waits for every server and records the last results
// read. Every error says that the run is kept.
func (r *commandInvocationResource) waitForResults(ctx context.Context, region string, plan *commandInvocationModel, diags *diag.Diagnostics) {
	invokeID := plan.InvokeID.ValueString()
	inv, err := r.data.client.WaitForCommandInvocation(ctx, region, invokeID, r.data.wait)
	var timeout *swasclient.CommandWaitTimeoutError
	if errors.As(err, &timeout) {
		inv = timeout.Last
	}
	if inv != nil {
		plan.setResults(ctx, inv, diags)
	}
	if err == nil && plan.RequireSuccess.ValueBool() && !succeededEverywhere(inv) {
		err = &fleetUnsuccessfulError{invocation: inv, shown: plan.failureOutput()}
	}
	plan.dropOutputsUnlessStored(diags)
	if err != nil {
		apiFailure{
			doing:          fmt.Sprintf("waiting for invocation %s in %s", invokeID, region),
			timeoutSetting: "timeouts.create",
			afterword: fmt.Sprintf("Invocation %s is saved in the state with the results read so far, and marked "+
				"tainted: the next apply replaces the resource, which runs the command again on every server. "+
				"Untaint the resource to keep this run instead.", invokeID),
		}.add(diags, err)
	}
}

// Read reads the results while some server has not finished; final
// results never change.
func (r *commandInvocationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state commandInvocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.finished(ctx) {
		return
	}
	invokeID := state.InvokeID.ValueString()
	call := apiRead{
		regionID: state.RegionID,
		timeouts: state.Timeouts,
		doing:    "reading invocation " + invokeID,
		blame:    fleetBlame,
		notFound: func(region string, err error, diags *diag.Diagnostics) {
			diags.AddWarning("Command results no longer available", fmt.Sprintf("The API no longer has invocation "+
				"%s in %s (%v): results are kept for two weeks. The state keeps the results last read.", invokeID, region, err))
		},
	}
	inv, _, ok := readAPI(ctx, r.data, call, func(ctx context.Context, region string) (*swasclient.CommandInvocation, error) {
		return r.data.client.DescribeCommandInvocation(ctx, region, invokeID)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	state.setResults(ctx, inv, &resp.Diagnostics)
	state.dropOutputsUnlessStored(&resp.Diagnostics)
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
	state.dropOutputsUnlessStored(&resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete only forgets the run: SWAS has no API to stop or undo a command.
func (r *commandInvocationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state commandInvocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.Results.IsNull() || state.finished(ctx) {
		return
	}
	results := map[string]instanceResultModel{}
	resp.Diagnostics.Append(state.Results.ElementsAs(ctx, &results, false)...)
	var running []string
	for id, result := range results {
		if swasclient.InProgress(result.InvocationStatus.ValueString()) {
			running = append(running, id)
		}
	}
	if len(running) == 0 {
		return
	}
	slices.Sort(running)
	resp.Diagnostics.AddWarning("Command left running", fmt.Sprintf("Invocation %s was last read as still running "+
		"on %s. SWAS has no API to stop a command, so it is only removed from the state and runs on until it ends "+
		"or reaches its timeout.", state.InvokeID.ValueString(), strings.Join(running, ", ")))
}
