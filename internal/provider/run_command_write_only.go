package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// Keeping secrets out of the state: write-only twins of the script and the
// parameters, and output kept only on request.

const writeOnlyNeeds = " Write-only arguments need Terraform 1.11 or OpenTofu 1.11 or later."

// runCommandWriteOnly are the arguments never stored in a plan or the state.
func runCommandWriteOnly() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"command_content_wo": schema.StringAttribute{
			Optional:  true,
			WriteOnly: true,
			Sensitive: true,
			Description: "The script to run, like `command_content`, but write-only: it is sent to the API and " +
				"never stored in a plan or the state, so it may come from an ephemeral resource. Since it cannot be " +
				"compared with the last run, changing it runs nothing: change `command_content_wo_version` to run the " +
				"command again. Exactly one of `command_content` and `command_content_wo` must be set." + writeOnlyNeeds,
			Validators: []validator.String{stringvalidator.LengthBetween(1, maxCommandBytes)},
		},
		"parameters_wo": schema.MapAttribute{
			Optional:    true,
			WriteOnly:   true,
			Sensitive:   true,
			ElementType: types.StringType,
			Description: "The values of the custom parameters, like `parameters`, but write-only: never stored in a " +
				"plan or the state. Changing them runs nothing: change `command_content_wo_version` to run the command " +
				"again. At most one of `parameters` and `parameters_wo` may be set." + writeOnlyNeeds,
			Validators: parameterValidators,
		},
		"command_content_wo_version": schema.Int64Attribute{
			Optional: true,
			Description: "Any number, to change whenever `command_content_wo` or `parameters_wo` change: a change " +
				"runs the command again (by replacing the resource), since write-only values cannot be compared with " +
				"those of the last run. Needs `command_content_wo` or `parameters_wo`.",
			PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(versionRunsAgain, replaceUnlessMoved, replaceUnlessMoved)},
		},
	}
}

// parameterValidators check parameters and parameters_wo.
var parameterValidators = []validator.Map{
	mapvalidator.SizeAtMost(swasclient.MaxRunCommandParameters),
	mapvalidator.KeysAre(stringvalidator.RegexMatches(parameterPattern,
		"must be letters, digits, _ and - only, at most 64 characters")),
}

// validateWriteOnly checks that the script is set once, stored or
// write-only, that the parameters are set at most once, and that a version
// has something to version.
func (m *runCommandModel) validateWriteOnly(diags *diag.Diagnostics) {
	switch {
	case !m.CommandContent.IsNull() && !m.CommandContentWO.IsNull():
		diags.AddAttributeError(path.Root("command_content_wo"), "Script set twice",
			"command_content and command_content_wo are both set. Set one: command_content is stored in the state, "+
				"command_content_wo is not.")
	case m.CommandContent.IsNull() && m.CommandContentWO.IsNull():
		diags.AddAttributeError(path.Root("command_content"), "No script",
			"Neither command_content nor command_content_wo is set. Set command_content, or command_content_wo to keep "+
				"the script out of the state.")
	}
	if !m.Parameters.IsNull() && !m.ParametersWO.IsNull() {
		diags.AddAttributeError(path.Root("parameters_wo"), "Parameters set twice",
			"parameters and parameters_wo are both set. Set one: parameters are stored in the state, parameters_wo are not.")
	}
	if !m.CommandContentWOVersion.IsNull() && m.CommandContentWO.IsNull() && m.ParametersWO.IsNull() {
		diags.AddAttributeError(path.Root("command_content_wo_version"), "Version of nothing write-only",
			"command_content_wo_version runs the command again when command_content_wo or parameters_wo change, and "+
				"neither is set. Remove it, or set the script or the parameters with their write-only arguments.")
	}
}

const replaceUnlessMoved = "If the value of this attribute changes, Terraform will destroy and recreate the resource, " +
	"unless the script or the parameters only moved, unchanged, to their write-only argument."

// Changes of the stored script and parameters run the command again, but
// for moving them unchanged to their write-only twins: that runs nothing and
// removes them from the state.
var (
	scriptRunsAgain = stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		script, _ := movedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
		resp.RequiresReplace = !script
	}, replaceUnlessMoved, replaceUnlessMoved)
	parametersRunAgain = mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		_, parameters := movedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
		resp.RequiresReplace = !parameters
	}, replaceUnlessMoved, replaceUnlessMoved)
)

// versionRunsAgain replaces the resource when command_content_wo_version
// changes, but for its first setting along with a move to write-only.
func versionRunsAgain(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	script, parameters := movedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
	resp.RequiresReplace = !req.StateValue.IsNull() || (!script && !parameters)
}

// movedToWriteOnly reports, for the script and for the parameters, whether
// the configuration moves the value in the state to the write-only argument
// unchanged. This is the one time a write-only value can be compared: with
// what an earlier configuration or an import stored.
func movedToWriteOnly(ctx context.Context, config tfsdk.Config, state tfsdk.State, diags *diag.Diagnostics) (script, parameters bool) {
	var configured, prior runCommandModel
	diags.Append(config.Get(ctx, &configured)...)
	diags.Append(state.Get(ctx, &prior)...)
	if diags.HasError() {
		return false, false
	}
	script = configured.CommandContent.IsNull() && !prior.CommandContent.IsNull() &&
		configured.CommandContentWO.Equal(prior.CommandContent)
	parameters = configured.Parameters.IsNull() && !prior.Parameters.IsNull() &&
		configured.ParametersWO.Equal(prior.Parameters)
	return script, parameters
}

// storedOutput adds store_output to output and output_base64.
func storedOutput(attributes map[string]schema.Attribute) {
	for _, name := range []string{"output", "output_base64"} {
		output := attributes[name].(schema.StringAttribute) //nolint:forcetypeassert // made by computedString
		output.Description += " Null when `store_output` is `false`."
		output.PlanModifiers = append(output.PlanModifiers, outputNotStored{})
		attributes[name] = output
	}
}

// outputNotStored plans output and output_base64 null when store_output is
// false, and unknown until store_output is known.
type outputNotStored struct{}

func (outputNotStored) Description(context.Context) string {
	return "Null when store_output is false."
}

func (m outputNotStored) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (outputNotStored) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var store types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("store_output"), &store)...)
	switch {
	case store.IsUnknown():
		resp.PlanValue = types.StringUnknown()
	case store.Equal(types.BoolValue(false)):
		resp.PlanValue = types.StringNull()
	}
}

// dropOutputUnlessStored nulls the output when store_output is false, once
// require_success has shown its last lines.
func (m *runCommandModel) dropOutputUnlessStored() {
	if m.StoreOutput.Equal(types.BoolValue(false)) {
		m.Output = types.StringNull()
		m.OutputBase64 = types.StringNull()
	}
}

// script is what RunCommand runs: the stored or the write-only arguments,
// of which the configuration sets one.
func script(plan, config *runCommandModel) (content types.String, parameters types.Map) {
	content, parameters = plan.CommandContent, plan.Parameters
	if !config.CommandContentWO.IsNull() {
		content = config.CommandContentWO
	}
	if !config.ParametersWO.IsNull() {
		parameters = config.ParametersWO
	}
	return content, parameters
}

// importNotice says what an import cannot recover.
func importNotice(invokeID string) (title, detail string) {
	return "Some arguments cannot be imported", fmt.Sprintf("Invocation %s is imported with the name, type, script "+
		"and parameters the API lists, which are now stored in command_content and parameters. The API keeps no "+
		"timeout, working_dir, working_user, windows_password_name or triggers, and write-only arguments are never "+
		"kept: command_content_wo, parameters_wo and command_content_wo_version cannot be recovered.\n\nIf the "+
		"configuration sets command_content_wo or parameters_wo to this run's script and parameters, the next apply "+
		"removes them from the state without running the command again. Any other difference in these arguments "+
		"replaces the resource, which runs the command again.", invokeID)
}
