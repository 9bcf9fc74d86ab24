package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

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
	return &commandResource{}
}

type commandResource struct {
	data *providerData
}

func (r *commandResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_command"
}

func (r *commandResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
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
// (parameter names, creation time).
func (r *commandResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan commandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	call := apiRead{regionID: plan.RegionID, doing: "saving command " + plan.Name.ValueString(), blame: commandBlame}
	id, region, ok := readAPI(ctx, r.data, call, func(ctx context.Context, region string) (string, error) {
		return r.data.client.CreateCommand(ctx, plan.command(region))
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.ID, plan.RegionID = types.StringValue(id), types.StringValue(region)
	// Should the read back fail, the command is still saved in the state,
	// tainted, so that the next apply replaces it rather than leaving it behind.
	plan.ParameterNames, plan.CreationTime = types.ListNull(types.StringType), types.StringNull()
	r.readInto(ctx, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// readInto reads the command m names and copies it into m; it reports
// false when the API no longer has it.
func (r *commandResource) readInto(ctx context.Context, m *commandModel, diags *diag.Diagnostics) bool {
	found := true
	call := apiRead{
		regionID: m.RegionID,
		doing:    "reading command " + m.ID.ValueString(),
		blame:    commandBlame,
		notFound: func(string, error, *diag.Diagnostics) { found = false },
	}
	cmd, _, ok := readAPI(ctx, r.data, call, func(ctx context.Context, region string) (*swasclient.Command, error) {
		return r.data.client.DescribeCommand(ctx, region, m.ID.ValueString())
	}, diags)
	if ok {
		m.setCommand(cmd)
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
	if !r.readInto(ctx, &state, &resp.Diagnostics) {
		resp.State.RemoveResource(ctx)
		return
	}
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

// Update changes what UpdateCommandAttribute can: the plan modifiers
// replace the command for everything else.
func (r *commandResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan commandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	call := apiRead{regionID: plan.RegionID, doing: "updating command " + plan.ID.ValueString(), blame: commandBlame}
	_, _, ok := readAPI(ctx, r.data, call, func(ctx context.Context, region string) (struct{}, error) {
		return struct{}{}, r.data.client.UpdateCommandAttribute(ctx, swasclient.CommandUpdate{
			RegionID: region, CommandID: plan.ID.ValueString(), Name: plan.Name.ValueString(),
			Description: plan.Description.ValueString(), WorkingDir: plan.WorkingDir.ValueString(),
			Timeout: plan.Timeout.ValueInt64(),
		})
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
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
	call := apiRead{
		regionID: state.RegionID,
		timeouts: deleteTimeouts{Value: state.Timeouts, fallback: state.defaultDeleteTimeout()},
		doing:    "deleting command " + state.ID.ValueString(),
		blame:    commandBlame,
		notFound: func(string, error, *diag.Diagnostics) {},
	}
	readAPI(ctx, r.data, call, func(ctx context.Context, region string) (struct{}, error) {
		return struct{}{}, r.data.client.DeleteCommandWhenIdle(ctx, region, state.ID.ValueString(), r.data.wait.Poll)
	}, &resp.Diagnostics)
}

// deleteTimeouts bounds a delete, and its wait, by timeouts.delete and
// names it in errors.
type deleteTimeouts struct {
	timeouts.Value
	fallback time.Duration
}

func (t deleteTimeouts) Read(ctx context.Context, _ time.Duration) (time.Duration, diag.Diagnostics) {
	return t.Delete(ctx, t.fallback)
}

func (deleteTimeouts) setting() string { return "timeouts.delete" }

// ImportState takes `<command_id>` or `<region>:<command_id>`, checked as
// the attributes' validators check them; Read fills in the rest.
func (r *commandResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, problem := parseCommandImportID(req.ID)
	if problem != "" {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not <command_id> or <region>:<command_id>, e.g. %s or cn-hangzhou:%s: %s.",
				req.ID, commandIDValidator.example, commandIDValidator.example, problem))
		return
	}
	markImported(ctx, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	if !region.IsNull() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
	}
}

// parseCommandImportID splits `[region:]command_id`; problem is "" when
// the ID is usable.
func parseCommandImportID(id string) (region types.String, commandID, problem string) {
	parts := strings.Split(id, ":")
	region = types.StringNull()
	switch len(parts) {
	case 1:
	case 2:
		if problem = regionIDValidator.problem(parts[0]); problem != "" {
			return region, "", "the region " + problem
		}
		region = types.StringValue(parts[0])
	default:
		return region, "", fmt.Sprintf("it has %d parts separated by colons", len(parts))
	}
	commandID = parts[len(parts)-1]
	if problem = commandIDValidator.problem(commandID); problem != "" {
		return region, "", "the command ID " + problem
	}
	return region, commandID, ""
}
