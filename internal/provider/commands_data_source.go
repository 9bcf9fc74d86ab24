package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*commandsDataSource)(nil)

// maxListedCommands caps what one read lists: above the few hundred saved
// commands a region's quota allows, so in practice all of them.
const maxListedCommands = 1000

// NewCommandsDataSource is the swas_commands data source.
func NewCommandsDataSource() datasource.DataSource {
	return &commandsDataSource{}
}

type commandsDataSource struct {
	data *providerData
}

type commandsModel struct {
	ID         types.String        `tfsdk:"id"`
	RegionID   types.String        `tfsdk:"region_id"`
	CommandID  types.String        `tfsdk:"command_id"`
	Name       types.String        `tfsdk:"name"`
	Type       types.String        `tfsdk:"type"`
	Timeouts   timeouts.Value      `tfsdk:"timeouts"`
	TotalCount types.Int64         `tfsdk:"total_count"`
	IDs        []types.String      `tfsdk:"ids"`
	Commands   []savedCommandModel `tfsdk:"commands"`
}

type savedCommandModel struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	Type            types.String `tfsdk:"type"`
	CommandContent  types.String `tfsdk:"command_content"`
	Description     types.String `tfsdk:"description"`
	WorkingDir      types.String `tfsdk:"working_dir"`
	Timeout         types.Int64  `tfsdk:"timeout"`
	EnableParameter types.Bool   `tfsdk:"enable_parameter"`
	ParameterNames  []string     `tfsdk:"parameter_names"`
	CreationTime    types.String `tfsdk:"creation_time"`
	Provider        types.String `tfsdk:"provider"`
}

func (d *commandsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_commands"
}

func (d *commandsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Description: description, Validators: validators}
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		Description: fmt.Sprintf("Finds the Cloud Assistant commands saved in this account (the API's "+
			"DescribeCommands with Provider `User`) by id, name or type, e.g. to invoke a command another configuration saved. Filters combine; at most %d commands are "+
			"listed, newest first as the API orders them.", maxListedCommands),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, Description: "The region the commands were listed in."},
			"region_id": filter("The region to list. Defaults to the provider's `region`; one of the two must be set.",
				regionIDValidator),
			"command_id": filter("List only the command with this id.", commandIDValidator),
			"name":       filter("List only the commands with exactly this name (the API does no fuzzy matching).", stringvalidator.LengthAtLeast(1)),
			"type": filter("List only the commands of this type: `RunShellScript`, `RunBatScript` or `RunPowerShellScript`.",
				stringvalidator.OneOf(commandTypes...)),
			"total_count": schema.Int64Attribute{Computed: true, Description: "How many commands the API reports as matching."},
			"ids":         schema.ListAttribute{Computed: true, ElementType: types.StringType, Description: "The ids of the commands listed, in order."},
			"commands":    savedCommandsAttribute(),
		},
	}
}

func savedCommandsAttribute() schema.Attribute {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: description}
	}
	return schema.ListNestedAttribute{
		Computed:    true,
		Description: "The commands that match, in the API's order.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":              computed("The ID of the command."),
			"name":            computed("The name of the command."),
			"type":            computed("The language of the script: `RunShellScript`, `RunBatScript` or `RunPowerShellScript`."),
			"command_content": schema.StringAttribute{Computed: true, Sensitive: true, Description: "The script, as plain text. Sensitive."},
			"description":     computed("The description; empty when there is none."),
			"working_dir": computed("The directory the command runs in; for a command saved without one, empty or " +
				"the API's default, as the API reports it."),
			"timeout":          schema.Int64Attribute{Computed: true, Description: "How long the command may run, in seconds."},
			"enable_parameter": schema.BoolAttribute{Computed: true, Description: "Whether `{{name}}` placeholders are custom parameters."},
			"parameter_names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				Description: "The names of the custom parameters in the script."},
			"creation_time": computed("When the command was saved, e.g. `2022-07-11T06:37:16Z`."),
			"provider":      computed("Who provides the command: `User` for commands saved in this account."),
		}},
	}
}

func (d *commandsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *commandsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model commandsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	read := apiRead{regionID: model.RegionID, timeouts: model.Timeouts, doing: "listing the saved commands", blame: commandBlame}
	list, region, ok := readAPI(ctx, d.data, read, func(ctx context.Context, region string) (*swasclient.CommandList, error) {
		return d.data.client.DescribeCommands(ctx, swasclient.CommandFilter{RegionID: region, CommandID: model.CommandID.ValueString(),
			Name: model.Name.ValueString(), Type: model.Type.ValueString(), Provider: swasclient.ProviderUser}, maxListedCommands)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	if list.TotalCount > len(list.Commands) {
		resp.Diagnostics.AddWarning("Commands list is capped", fmt.Sprintf("%d saved commands match in %s; the first %d "+
			"are listed. Narrow the list with name or type.", list.TotalCount, region, len(list.Commands)))
	}
	model.ID, model.RegionID = types.StringValue(region), types.StringValue(region)
	model.TotalCount = types.Int64Value(int64(list.TotalCount))
	model.IDs, model.Commands = []types.String{}, []savedCommandModel{}
	for _, cmd := range list.Commands {
		model.IDs = append(model.IDs, types.StringValue(cmd.ID))
		model.Commands = append(model.Commands, savedCommandModel{
			ID: types.StringValue(cmd.ID), Name: types.StringValue(cmd.Name), Type: types.StringValue(cmd.Type),
			CommandContent: types.StringValue(cmd.Script("")), Description: types.StringValue(cmd.Description),
			WorkingDir: types.StringValue(cmd.WorkingDir), Timeout: types.Int64Value(cmd.Timeout),
			EnableParameter: types.BoolValue(cmd.EnableParameter), ParameterNames: cmd.ParameterNames,
			CreationTime: types.StringValue(cmd.CreationTime), Provider: types.StringValue(cmd.Provider),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
