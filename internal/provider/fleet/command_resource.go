package fleet

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ resource.ResourceWithConfigure   = (*commandResource)(nil)
	_ resource.ResourceWithImportState = (*commandResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*commandResource)(nil)
)

// commandBlame points a not-found answer at the id the API did not find.
var commandBlame = map[string]path.Path{"Command": path.Root("id"), "Region": path.Root("region_id")}

// NewCommandResource is the swas_command resource.
func NewCommandResource() resource.Resource {
	return &commandResource{framework.NewResource[commandModel]("command", commandSchema)}
}

type commandResource struct {
	framework.Resource[commandModel]
}

// ModifyPlan requires a script, once the plan knows whether an imported
// one is kept.
func (r *commandResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var content types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("command_content"), &content)...)
	if !resp.Diagnostics.HasError() && content.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("command_content"), "No script",
			"command_content is not set. Set it to the script to save; an imported command keeps the script the "+
				"import read only until the command is replaced.")
	}
}

// Create saves the command, then reads it back for what the API derives
// (parameter names, creation time), both within timeouts.create.
func (r *commandResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan commandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := framework.CreateTimeout(plan.Timeouts, framework.DefaultReadTimeout)
	op := framework.Operation{RegionID: plan.RegionID, Timeout: timeout, Doing: "saving command " + plan.Name.ValueString(), Blame: commandBlame}
	id, region, ok := framework.Call(ctx, r.Data, op, func(ctx context.Context, region string) (string, error) {
		return r.Data.Client.CreateCommand(ctx, savedCommand(region, &plan))
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.ID, plan.RegionID = types.StringValue(id), types.StringValue(region)
	// Should the read back fail, the command is still saved in the state,
	// tainted, so that the next apply replaces it rather than leaving it behind.
	plan.ParameterNames, plan.CreationTime = types.ListNull(types.StringType), types.StringNull()
	r.readInto(ctx, &plan, timeout, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, plan.identityOf(r.Data), &resp.Diagnostics)
}

// readInto reads the command m names and copies it into m; it reports
// false when the API no longer has it.
func (r *commandResource) readInto(ctx context.Context, m *commandModel, timeout framework.Timeout, diags *diag.Diagnostics) bool {
	found := true
	op := framework.Operation{
		RegionID: m.RegionID,
		Timeout:  timeout,
		Doing:    "reading command " + m.ID.ValueString(),
		Blame:    commandBlame,
		NotFound: func(string, error, *diag.Diagnostics) { found = false },
	}
	cmd, _, ok := framework.Call(ctx, r.Data, op, func(ctx context.Context, region string) (*swasclient.Command, error) {
		return r.Data.Client.DescribeCommand(ctx, region, m.ID.ValueString())
	}, diags)
	if ok {
		setCommand(m, cmd)
	}
	return found
}

// Read refreshes the command; one deleted outside is removed from the
// state, so that the plan re-creates it.
func (r *commandResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state commandModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.readInto(ctx, &state, framework.ReadTimeout(state.Timeouts), &resp.Diagnostics) {
		resp.State.RemoveResource(ctx)
		return
	}
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		framework.SetIdentity(ctx, resp.Identity, state.identityOf(r.Data), &resp.Diagnostics)
	}
}

// Update changes what UpdateCommandAttribute can, within timeouts.update:
// the plan modifiers replace the command for everything else.
func (r *commandResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan commandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := framework.UpdateTimeout(plan.Timeouts, framework.DefaultReadTimeout)
	op := framework.Operation{RegionID: plan.RegionID, Timeout: timeout, Doing: "updating command " + plan.ID.ValueString(), Blame: commandBlame}
	_, _, ok := framework.Call(ctx, r.Data, op, func(ctx context.Context, region string) (struct{}, error) {
		return struct{}{}, r.Data.Client.UpdateCommandAttribute(ctx, swasclient.CommandUpdate{
			RegionID: region, CommandID: plan.ID.ValueString(), Name: plan.Name.ValueString(),
			Description: plan.Description.ValueString(), WorkingDir: plan.WorkingDir.ValueString(),
			Timeout: plan.Timeout.ValueInt64(),
		})
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	r.readInto(ctx, &plan, timeout, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete deletes the command, waiting within timeouts.delete while it is
// being run, which the API refuses; one already gone is fine.
func (r *commandResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state commandModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := framework.Operation{
		RegionID: state.RegionID,
		// A run that started just before the delete may take the command's
		// timeout and the margin that running a command allows.
		Timeout:  framework.DeleteTimeout(state.Timeouts, framework.RunTimeout(state.Timeout)),
		Doing:    "deleting command " + state.ID.ValueString(),
		Blame:    commandBlame,
		NotFound: func(string, error, *diag.Diagnostics) {},
	}
	framework.Call(ctx, r.Data, op, func(ctx context.Context, region string) (struct{}, error) {
		return struct{}{}, r.Data.Client.DeleteCommandWhenIdle(ctx, region, state.ID.ValueString(), r.Data.Wait.Poll)
	}, &resp.Diagnostics)
}

// setCommand copies what the API returned over what m held; empty optional
// strings are null, as they are when not configured. Where the reference
// is silent, the API's answer is read either way: the script as saved or
// base64-encoded (Script), and a working directory never set coming back
// empty or filled with the API's default, which stays unset unless the
// command is being imported (m holds no name yet). So a working directory
// set outside OpenTofu or Terraform on a command saved without one goes
// unnoticed.
func setCommand(m *commandModel, cmd *swasclient.Command) {
	importing := m.Name.IsNull()
	m.ID = types.StringValue(cmd.ID)
	m.RegionID = types.StringValue(cmd.RegionID)
	m.Name = types.StringValue(cmd.Name)
	m.CommandContent = types.StringValue(cmd.Script(m.CommandContent.ValueString()))
	m.Type = types.StringValue(cmd.Type)
	m.Description = framework.StringOrNull(cmd.Description)
	m.Timeout = types.Int64Value(cmd.Timeout)
	if importing || !m.WorkingDir.IsNull() {
		m.WorkingDir = framework.StringOrNull(cmd.WorkingDir)
	}
	m.EnableParameter = types.BoolValue(cmd.EnableParameter)
	names := make([]attr.Value, 0, len(cmd.ParameterNames))
	for _, name := range cmd.ParameterNames {
		names = append(names, types.StringValue(name))
	}
	m.ParameterNames = types.ListValueMust(types.StringType, names)
	m.CreationTime = types.StringValue(cmd.CreationTime)
}

// savedCommand is what CreateCommand saves.
func savedCommand(region string, m *commandModel) swasclient.Command {
	return swasclient.Command{
		RegionID: region, Name: m.Name.ValueString(), Type: m.Type.ValueString(), Content: m.CommandContent.ValueString(),
		Description: m.Description.ValueString(), WorkingDir: m.WorkingDir.ValueString(),
		Timeout: m.Timeout.ValueInt64(), EnableParameter: m.EnableParameter.ValueBool(),
	}
}
