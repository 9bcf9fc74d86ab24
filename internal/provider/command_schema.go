package provider

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// Limits of a saved command, as CreateCommand documents them.
const (
	maxSavedCommandName        = 128
	maxSavedCommandDescription = 512
	defaultSavedCommandTimeout = 60
)

type commandModel struct {
	ID              types.String   `tfsdk:"id"`
	RegionID        types.String   `tfsdk:"region_id"`
	Name            types.String   `tfsdk:"name"`
	CommandContent  types.String   `tfsdk:"command_content"`
	Type            types.String   `tfsdk:"type"`
	Description     types.String   `tfsdk:"description"`
	Timeout         types.Int64    `tfsdk:"timeout"`
	WorkingDir      types.String   `tfsdk:"working_dir"`
	EnableParameter types.Bool     `tfsdk:"enable_parameter"`
	ParameterNames  types.List     `tfsdk:"parameter_names"`
	CreationTime    types.String   `tfsdk:"creation_time"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
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

func (r *commandResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attributes := savedCommandScript()
	maps.Copy(attributes, savedCommandAttributes())
	resp.Schema = schema.Schema{
		Description: commandDescription,
		Attributes:  attributes,
		Blocks:      map[string]schema.Block{"timeouts": commandTimeouts(ctx)},
	}
}

// commandTimeouts is `timeouts { delete = "..." }`: only deleting waits.
func commandTimeouts(ctx context.Context) schema.Block {
	return resourceTimeouts(ctx, "Time limits of deleting the command.", timeouts.Opts{
		Delete: true,
		DeleteDescription: fmt.Sprintf("How long destroying the command may wait for the runs of it to end, as a "+
			"duration such as `30m`. Defaults to the command's `timeout` plus %d minutes, and at least %d minutes.",
			int(createMargin.Minutes()), int(minCreateTimeout.Minutes())),
	})
}

// defaultDeleteTimeout covers a run that started just before the delete:
// the command's timeout and the margin for delivery and reporting that
// creating swas_run_command allows, and never less than its minimum.
func (m *commandModel) defaultDeleteTimeout() time.Duration {
	return max(time.Duration(m.Timeout.ValueInt64())*time.Second+createMargin, minCreateTimeout)
}

// savedCommandAttributes are where the command is saved, what
// UpdateCommandAttribute changes in place, and what the API assigns.
func savedCommandAttributes() map[string]schema.Attribute {
	replaceIfCleared := stringplanmodifier.RequiresReplaceIf(clearedString,
		"Clearing the value replaces the command: the API cannot empty it.",
		"Clearing the value replaces the command: the API cannot empty it.")
	return map[string]schema.Attribute{
		"id": computedString("The ID of the command, e.g. `c-hz01272yr52****`."),
		"region_id": schema.StringAttribute{
			Optional: true, Computed: true,
			Description:   "The region to save the command in. Defaults to the provider's `region`; one of the two must be set.",
			Validators:    []validator.String{regionIDValidator},
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
		},
		"name": schema.StringAttribute{
			Required:    true,
			Description: fmt.Sprintf("The name of the command, at most %d characters. Changes in place.", maxSavedCommandName),
			Validators:  []validator.String{stringvalidator.UTF8LengthBetween(1, maxSavedCommandName)},
		},
		"description": schema.StringAttribute{
			Optional: true,
			Description: fmt.Sprintf("A description of the command, at most %d characters. Changes in place; "+
				"removing it replaces the command.", maxSavedCommandDescription),
			Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, maxSavedCommandDescription)},
			PlanModifiers: []planmodifier.String{replaceIfCleared},
		},
		"timeout": schema.Int64Attribute{
			Optional: true, Computed: true, Default: int64default.StaticInt64(defaultSavedCommandTimeout),
			Description: "How long the command may run on a server, in seconds (10 to 86400), before Cloud Assistant " +
				"stops it. Defaults to 60. Changes in place.",
			Validators: []validator.Int64{int64validator.Between(10, 86400)},
		},
		"working_dir": schema.StringAttribute{
			Optional: true,
			Description: "The directory the command runs in. The API's default is `/root` on Linux and " +
				"`C:\\Windows\\system32` on Windows; unset, it stays null in the state even if the API reports its " +
				"default (after an import it holds what the API reports). Changes in place; removing it replaces the command.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{replaceIfCleared},
		},
		"creation_time": computedString("When the command was saved, e.g. `2022-07-11T06:37:16Z`."),
	}
}

// savedCommandScript is the script and how it is read; changing any of it
// replaces the command.
func savedCommandScript() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"command_content": schema.StringAttribute{
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
				"imported command: left out, it keeps the script the import read until the command is replaced.", maxSavedCommandBytes),
			Validators:    []validator.String{stringvalidator.LengthBetween(1, maxSavedCommandBytes)},
			PlanModifiers: []planmodifier.String{keptWhenImported{}, stringplanmodifier.RequiresReplace()},
		},
		"type": schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString(shellScript),
			Description: "The language of the script: `RunShellScript` (Linux servers), `RunBatScript` or " +
				"`RunPowerShellScript` (Windows servers). Defaults to `" + shellScript + "`. Changing it replaces the command.",
			Validators:    []validator.String{stringvalidator.OneOf(commandTypes...)},
			PlanModifiers: replaceString,
		},
		"enable_parameter": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			Description:   "Whether `{{name}}` placeholders in `command_content` are custom parameters. Defaults to `false`. Changing it replaces the command.",
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
		},
		"parameter_names": schema.ListAttribute{
			Computed: true, ElementType: types.StringType,
			Description:   "The names of the custom parameters the API found in `command_content`, in order; empty unless `enable_parameter` is set.",
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		},
	}
}

// clearedString asks for a replacement when a value the API cannot empty
// is removed from the configuration.
func clearedString(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = req.PlanValue.IsNull() && !req.StateValue.IsNull()
}

// setCommand copies what the API returned over what m held; empty optional
// strings are null, as they are when not configured. Where the reference
// is silent, the API's answer is read either way: the script as saved or
// base64-encoded (Script), and a working directory never set coming back
// empty or filled with the API's default, which stays unset unless the
// command is being imported (m holds no name yet). So a working directory
// set outside OpenTofu or Terraform on a command saved without one goes
// unnoticed.
func (m *commandModel) setCommand(cmd *swasclient.Command) {
	optional := func(s string) types.String {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	importing := m.Name.IsNull()
	m.ID = types.StringValue(cmd.ID)
	m.RegionID = types.StringValue(cmd.RegionID)
	m.Name = types.StringValue(cmd.Name)
	m.CommandContent = types.StringValue(cmd.Script(m.CommandContent.ValueString()))
	m.Type = types.StringValue(cmd.Type)
	m.Description = optional(cmd.Description)
	m.Timeout = types.Int64Value(cmd.Timeout)
	if importing || !m.WorkingDir.IsNull() {
		m.WorkingDir = optional(cmd.WorkingDir)
	}
	m.EnableParameter = types.BoolValue(cmd.EnableParameter)
	names := make([]attr.Value, 0, len(cmd.ParameterNames))
	for _, name := range cmd.ParameterNames {
		names = append(names, types.StringValue(name))
	}
	m.ParameterNames = types.ListValueMust(types.StringType, names)
	m.CreationTime = types.StringValue(cmd.CreationTime)
}

// command is what CreateCommand saves.
func (m *commandModel) command(region string) swasclient.Command {
	return swasclient.Command{
		RegionID: region, Name: m.Name.ValueString(), Type: m.Type.ValueString(), Content: m.CommandContent.ValueString(),
		Description: m.Description.ValueString(), WorkingDir: m.WorkingDir.ValueString(),
		Timeout: m.Timeout.ValueInt64(), EnableParameter: m.EnableParameter.ValueBool(),
	}
}
