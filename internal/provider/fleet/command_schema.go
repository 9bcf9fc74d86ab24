// Package fleet holds the types that run saved commands on fleets of
// servers: swas_command, a saved command; swas_commands, the saved
// commands found by id, name or type; and swas_command_invocation, a saved
// command run on up to 50 servers at once.
package fleet

import (
	"context"
	"fmt"

	rtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// Limits of a saved command, as CreateCommand documents them.
const (
	maxCommandName        = 128
	maxCommandDescription = 512
	defaultCommandTimeout = 60
)

// commandModel is the resource swas_command.
type commandModel struct {
	ID              types.String    `tfsdk:"id"`
	RegionID        types.String    `tfsdk:"region_id"`
	Name            types.String    `tfsdk:"name"`
	CommandContent  types.String    `tfsdk:"command_content"`
	Type            types.String    `tfsdk:"type"`
	Description     types.String    `tfsdk:"description"`
	Timeout         types.Int64     `tfsdk:"timeout"`
	WorkingDir      types.String    `tfsdk:"working_dir"`
	EnableParameter types.Bool      `tfsdk:"enable_parameter"`
	ParameterNames  types.List      `tfsdk:"parameter_names"`
	CreationTime    types.String    `tfsdk:"creation_time"`
	Timeouts        rtimeouts.Value `tfsdk:"timeouts"`
}

const commandDescription = "A saved Cloud Assistant command (the API's CreateCommand): a script with `{{parameter}}` " +
	"placeholders, a type, a timeout and a working directory, kept by SWAS so that `swas_command_invocation` can " +
	"run it on many servers at once.\n\n" +
	"`name`, `description`, `timeout` and `working_dir` change in place (UpdateCommandAttribute); the other " +
	"arguments replace the command, as does clearing `description` or `working_dir`, which the API cannot " +
	"empty. A command deleted outside OpenTofu or Terraform is planned for re-creation. Import with the " +
	"command id (region from the provider) or `<region>:<command_id>`.\n\n" +
	"SWAS refuses to delete a command while it is being run. Destroying the command therefore waits, within " +
	"`timeouts.delete`, until no server runs it any more (a run stops at the command's `timeout` at the latest), " +
	"then deletes it; should the time run out first, the destroy fails naming the invocations still running and " +
	"their servers, and keeps the command: destroy again once they have ended."

func commandSchema() rschema.Schema {
	replaceIfCleared := stringplanmodifier.RequiresReplaceIf(cleared,
		"Clearing the value replaces the command: the API cannot empty it.",
		"Clearing the value replaces the command: the API cannot empty it.")
	return rschema.Schema{
		Description: commandDescription,
		Attributes: map[string]rschema.Attribute{
			"id":        framework.ComputedString("The ID of the command, e.g. `c-hz01272yr52****`."),
			"region_id": framework.ResourceRegionID("the command"),
			"name": rschema.StringAttribute{
				Required:    true,
				Description: fmt.Sprintf("The name of the command, at most %d characters. Changes in place.", maxCommandName),
				Validators:  []validator.String{stringvalidator.UTF8LengthBetween(1, maxCommandName)},
			},
			"command_content": rschema.StringAttribute{
				// Required but for an import, whose generated configuration
				// leaves it null: ModifyPlan checks it.
				Optional:  true,
				Computed:  true,
				Sensitive: true,
				Description: fmt.Sprintf("The script, as plain text, at most %d bytes (18 KB once base64-encoded); when "+
					"invoked, with its parameters, at most 18 KB once base64-encoded. With `enable_parameter`, `{{name}}` "+
					"placeholders (letters, digits, `_` and `-`, at most 20) are filled when the command is invoked. "+
					"Changing it replaces the command. Sensitive, so hidden in plans, but stored in the state, as SWAS "+
					"keeps it: put secrets in `swas_command_invocation`'s `parameters_wo` instead. Required, but for an "+
					"imported command: left out, it keeps the script the import read until the command is replaced.",
					framework.MaxSavedCommandBytes),
				Validators:    []validator.String{stringvalidator.LengthBetween(1, framework.MaxSavedCommandBytes)},
				PlanModifiers: []planmodifier.String{framework.KeptWhenImported{}, stringplanmodifier.RequiresReplace()},
			},
			"type": framework.ResourceCommandType(" Changing it replaces the command."),
			"description": rschema.StringAttribute{
				Optional: true,
				Description: fmt.Sprintf("A description of the command, at most %d characters. Changes in place; "+
					"removing it replaces the command.", maxCommandDescription),
				Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, maxCommandDescription)},
				PlanModifiers: []planmodifier.String{replaceIfCleared},
			},
			"timeout": rschema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(defaultCommandTimeout),
				Description: "How long the command may run on a server, in seconds (10 to 86400), before Cloud Assistant " +
					"stops it. Defaults to 60. Changes in place.",
				Validators: []validator.Int64{int64validator.Between(10, 86400)},
			},
			"working_dir": rschema.StringAttribute{
				Optional: true,
				Description: "The directory the command runs in. The API's default is `/root` on Linux and " +
					"`C:\\Windows\\system32` on Windows; unset, it stays null in the state even if the API reports its " +
					"default (after an import it holds what the API reports). Changes in place; removing it replaces the command.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{replaceIfCleared},
			},
			"enable_parameter": rschema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description:   "Whether `{{name}}` placeholders in `command_content` are custom parameters. Defaults to `false`. Changing it replaces the command.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"parameter_names": rschema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				Description:   "The names of the custom parameters the API found in `command_content`, in order; empty unless `enable_parameter` is set.",
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"creation_time": framework.ComputedString("When the command was saved, e.g. `2022-07-11T06:37:16Z`."),
		},
		Blocks: map[string]rschema.Block{
			"timeouts": framework.ResourceTimeouts("Time limits of saving, reading, changing and deleting the command.", map[string]string{
				"create": "How long saving the command and reading it back may take, retries included, as a duration " +
					"such as `5m`. Defaults to `" + framework.DefaultReadTimeout.String() + "`.",
				"read": "How long a refresh of the command may take, retries included. Defaults to `" +
					framework.DefaultReadTimeout.String() + "`.",
				"update": "How long changing the command in place and reading it back may take, retries included. " +
					"Defaults to `" + framework.DefaultReadTimeout.String() + "`.",
				"delete": "How long destroying the command may wait for the runs of it to end, as a duration such as " +
					"`30m`. " + framework.RunTimeoutDefault,
			}),
		},
	}
}

// cleared asks for a replacement when a value the API cannot empty is
// removed from the configuration.
func cleared(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = req.PlanValue.IsNull() && !req.StateValue.IsNull()
}
