package fleet

import (
	"fmt"

	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// maxListedCommands caps what one read lists: above the few hundred saved
// commands a region's quota allows, so in practice all of them.
const maxListedCommands = 1000

// commandsModel is the data source swas_commands.
type commandsModel struct {
	ID         types.String        `tfsdk:"id"`
	RegionID   types.String        `tfsdk:"region_id"`
	CommandID  types.String        `tfsdk:"command_id"`
	Name       types.String        `tfsdk:"name"`
	Type       types.String        `tfsdk:"type"`
	Timeouts   dtimeouts.Value     `tfsdk:"timeouts"`
	TotalCount types.Int64         `tfsdk:"total_count"`
	IDs        []types.String      `tfsdk:"ids"`
	Commands   []savedCommandModel `tfsdk:"commands"`
}

// savedCommandModel is one of commands.
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

func commandsSchema() dschema.Schema {
	filter := func(description string, validators ...validator.String) dschema.StringAttribute {
		return dschema.StringAttribute{Optional: true, Description: description, Validators: validators}
	}
	computed := framework.DataSourceString
	return dschema.Schema{
		Description: fmt.Sprintf("Finds the Cloud Assistant commands saved in this account (the API's "+
			"DescribeCommands with Provider `User`) by id, name or type, e.g. to invoke a command another configuration "+
			"saved. Filters combine; at most %d commands are listed, newest first as the API orders them.", maxListedCommands),
		Attributes: map[string]dschema.Attribute{
			"id":         computed("The region the commands were listed in."),
			"region_id":  framework.DataSourceRegionID("the commands"),
			"command_id": filter("List only the command with this id.", framework.CommandIDValidator),
			"name": filter("List only the commands with exactly this name (the API does no fuzzy matching).",
				stringvalidator.LengthAtLeast(1)),
			"type": filter("List only the commands in this language: "+framework.CommandTypeNames+".",
				stringvalidator.OneOf(framework.CommandTypes...)),
			"total_count": dschema.Int64Attribute{Computed: true, Description: "How many commands the API reports as matching."},
			"ids":         dschema.ListAttribute{Computed: true, ElementType: types.StringType, Description: "The ids of the commands listed, in order."},
			"commands": dschema.ListNestedAttribute{
				Computed:    true,
				Description: "The commands that match, in the API's order.",
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"id":              computed("The ID of the command."),
					"name":            computed("The name of the command."),
					"type":            computed("The language of the script: " + framework.CommandTypeNames + "."),
					"command_content": dschema.StringAttribute{Computed: true, Sensitive: true, Description: "The script, as plain text. Sensitive."},
					"description":     computed("The description; empty when there is none."),
					"working_dir": computed("The directory the command runs in; for a command saved without one, empty or " +
						"the API's default, as the API reports it."),
					"timeout":          dschema.Int64Attribute{Computed: true, Description: "How long the command may run, in seconds."},
					"enable_parameter": dschema.BoolAttribute{Computed: true, Description: "Whether `{{name}}` placeholders are custom parameters."},
					"parameter_names": dschema.ListAttribute{Computed: true, ElementType: types.StringType,
						Description: "The names of the custom parameters in the script."},
					"creation_time": computed("When the command was saved, e.g. `2022-07-11T06:37:16Z`."),
					"provider":      computed("Who provides the command: `User` for commands saved in this account."),
				}},
			},
		},
		Blocks: map[string]dschema.Block{"timeouts": framework.DataSourceTimeouts()},
	}
}
