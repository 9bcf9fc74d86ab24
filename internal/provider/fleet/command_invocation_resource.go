package fleet

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
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

// Create runs the command on every server, in batches as max_concurrency
// allows, saving each batch in the state as it starts, then waits for
// all of them, within timeouts.create. Since the command ran, a later
// failure, a rollout that max_errors stopped, or an interrupt keeps every
// batch that started in the state, tainted, as swas_run_command does.
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
	ro := newRollout(r.Data.Client, r.Data.Wait, in)
	if s, ok := parseShare(plan.MaxConcurrency.ValueString()); ok {
		ro.concurrency = max(1, s.servers(len(in.InstanceIDs), true))
	}
	if s, ok := parseShare(plan.MaxErrors.ValueString()); ok {
		ro.maxErrors = s.servers(len(in.InstanceIDs), false)
	}
	ro.shown = framework.StoredOutput(plan.StoreOutput, plan.ShowOutputOnFailure,
		"Read each server's output in the console's command history, or with the API's DescribeCommandInvocations, "+
			"by the invoke_id in its results")
	plan.RegionID = types.StringValue(region)
	save := func() {
		setRollout(ctx, &plan, ro, &resp.Diagnostics)
		dropOutputsUnlessStored(&plan, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		framework.SetIdentity(ctx, resp.Identity, plan.identityOf(r.Data), &resp.Diagnostics)
	}
	ro.run(ctx, save, save)
	if len(ro.invokeIDs) == 0 {
		// Nothing started, or nothing that came back with an invoke id: no run to keep.
		r.startFailure(ro, timeout, &resp.Diagnostics)
		return
	}
	save()
	r.explainRollout(ctx, ro, &plan, timeout, &resp.Diagnostics)
}

// setRollout records the rollout as it stands: every batch started, and
// every server's result read so far.
func setRollout(ctx context.Context, m *commandInvocationModel, ro *rollout, diags *diag.Diagnostics) {
	ids, listDiags := types.ListValueFrom(ctx, types.StringType, ro.invokeIDs)
	diags.Append(listDiags...)
	m.InvokeIDs = ids
	m.ID, m.InvokeID = types.StringValue(ro.invokeIDs[0]), types.StringValue(ro.invokeIDs[0])
	m.InvocationStatus = types.StringValue(ro.status())
	m.Results = resultsFrom(ctx, ro.serverRuns(), !m.StoreOutput.Equal(types.BoolValue(false)), diags)
}

// startFailure explains why the first batch did not start.
func (r *commandInvocationResource) startFailure(ro *rollout, timeout framework.Timeout, diags *diag.Diagnostics) {
	framework.Failure{
		Doing: fmt.Sprintf("starting command %s on %s in %s", ro.in.CommandID,
			framework.Plural(len(ro.startFailed), "server"), ro.in.RegionID),
		Blame: fleetBlame, Timeout: timeout, StartsCommand: true,
	}.Add(diags, ro.startErr)
}

// explainRollout adds an error for whatever kept the rollout from
// succeeding everywhere: a batch that did not start, a wait that failed
// or was interrupted, max_errors, or a server that did not succeed under
// require_success. Each says what the state keeps.
func (r *commandInvocationResource) explainRollout(ctx context.Context, ro *rollout, plan *commandInvocationModel, timeout framework.Timeout, diags *diag.Diagnostics) {
	kept := rolloutKept(ro)
	if ro.startErr != nil {
		doing := fmt.Sprintf("starting command %s on %s in %s (batch %d)", ro.in.CommandID,
			framework.Plural(len(ro.startFailed), "server"), ro.in.RegionID, len(ro.invokeIDs)+1)
		err := ro.startErr
		if swasclient.MayHaveRun(err) {
			err = &batchMayHaveStartedError{doing: doing, servers: ro.startFailed, err: err}
		}
		framework.Failure{Doing: doing, Blame: fleetBlame, Timeout: timeout, Afterword: kept}.Add(diags, err)
	}
	// Waits fail together, when the time is up or the run interrupted: the
	// first failure speaks for them all.
	var waited []string
	var waitErr error
	for _, id := range ro.invokeIDs {
		if err, failed := ro.waitErrs[id]; failed {
			waited = append(waited, id)
			waitErr = cmp.Or(waitErr, err)
		}
	}
	if waitErr != nil {
		framework.Failure{
			Doing:   fmt.Sprintf("waiting for %s in %s", plural(waited, "invocation"), ro.in.RegionID),
			Timeout: timeout, Afterword: kept,
		}.Add(diags, waitErr)
	}
	switch {
	case diags.HasError():
	case ctx.Err() != nil && len(ro.neverStarted()) > 0:
		// The time ran out, or the run was interrupted, between batches.
		framework.Failure{Afterword: kept}.Add(diags, &rolloutUnfinishedError{cause: ctx.Err(), timeout: timeout})
	case ro.stopped != nil:
		framework.Failure{Afterword: kept}.Add(diags, ro.stopped)
	case plan.RequireSuccess.ValueBool() && !succeededEverywhere(ro.serverRuns()):
		framework.Failure{Afterword: kept}.Add(diags, &fleetUnsuccessfulError{
			commandID: ro.in.CommandID, invokeIDs: ro.invokeIDs, status: ro.status(), runs: ro.serverRuns(), shown: ro.shown,
		})
	}
}

// rolloutKept says what the state keeps of a rollout that did not succeed
// everywhere, and what the next plan does.
func rolloutKept(ro *rollout) string {
	var b strings.Builder
	verb := " is"
	if len(ro.invokeIDs) > 1 {
		verb = " are"
	}
	fmt.Fprintf(&b, "%s%s saved in the state with the results read so far, and marked tainted",
		capitalized(plural(ro.invokeIDs, "invocation")), verb)
	b.WriteString(": the next apply replaces the resource, which runs the command again on every server. " +
		"Untaint the resource to keep this run instead.")
	if servers := ro.neverStarted(); len(servers) > 0 && ro.stopped == nil {
		// The error of a stopped rollout names them itself.
		writeNeverStarted(&b, servers)
	}
	return b.String()
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

// dropOutputsUnlessStored nulls every server's output when store_output is
// false.
func dropOutputsUnlessStored(m *commandInvocationModel, diags *diag.Diagnostics) {
	if m.StoreOutput.Equal(types.BoolValue(false)) && !m.Results.IsNull() && !m.Results.IsUnknown() {
		m.Results = withoutOutputs(m.Results, diags)
	}
}

// Read reads the results of every batch that has a server that has not
// finished; final results never change.
func (r *commandInvocationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state commandInvocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Also a state written before identities: the run it names never changes.
	framework.SetIdentity(ctx, resp.Identity, state.identityOf(r.Data), &resp.Diagnostics)
	if finished(ctx, state.Results) {
		return
	}
	batches := runningBatches(ctx, &state, &resp.Diagnostics)
	results := maps.Clone(state.Results.Elements())
	if results == nil {
		results = map[string]attr.Value{}
	}
	for _, invokeID := range batches {
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
			continue
		}
		runs := make([]serverRun, 0, len(inv.Instances))
		for _, in := range inv.Instances {
			runs = append(runs, serverRun{invokeID: invokeID, result: in})
		}
		if len(batches) == 1 && len(state.InvokeIDs.Elements()) <= 1 {
			state.InvocationStatus = types.StringValue(inv.InvocationStatus)
		}
		maps.Copy(results, resultsFrom(ctx, runs, !state.StoreOutput.Equal(types.BoolValue(false)), &resp.Diagnostics).Elements())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	state.Results = types.MapValueMust(instanceResultType, results)
	if len(state.InvokeIDs.Elements()) > 1 {
		state.InvocationStatus = types.StringValue(overallStatus(statusesOf(ctx, state.Results, &resp.Diagnostics)))
	}
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
	state.MaxConcurrency, state.MaxErrors = plan.MaxConcurrency, plan.MaxErrors
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

// runningBatches lists, in the order of invoke_ids, the batches that have
// a server whose result in results is not final; a server saved without
// its batch, before rollouts, ran under invokeID.
func runningBatches(ctx context.Context, m *commandInvocationModel, diags *diag.Diagnostics) []string {
	servers := map[string]instanceResultModel{}
	if !m.Results.IsNull() && !m.Results.IsUnknown() {
		diags.Append(m.Results.ElementsAs(ctx, &servers, false)...)
	}
	running := map[string]bool{}
	for _, r := range servers {
		if swasclient.InProgress(r.InvocationStatus.ValueString()) {
			running[cmp.Or(r.InvokeID.ValueString(), m.InvokeID.ValueString())] = true
		}
	}
	var batches []string
	if !m.InvokeIDs.IsNull() && !m.InvokeIDs.IsUnknown() {
		diags.Append(m.InvokeIDs.ElementsAs(ctx, &batches, false)...)
	}
	if len(batches) == 0 {
		batches = []string{m.InvokeID.ValueString()}
	}
	if len(servers) == 0 {
		// Nothing read yet: every batch.
		return batches
	}
	return slices.DeleteFunc(batches, func(id string) bool { return !running[id] })
}
