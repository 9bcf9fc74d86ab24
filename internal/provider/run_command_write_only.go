package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
			PlanModifiers: []planmodifier.Int64{versionRunsAgain},
		},
	}
}

// parameterValidators check parameters and parameters_wo.
var parameterValidators = []validator.Map{
	mapvalidator.SizeAtMost(swasclient.MaxRunCommandParameters),
	mapvalidator.KeysAre(stringvalidator.RegexMatches(parameterPattern,
		"must be letters, digits, _ and - only, at most 64 characters")),
}

// validateWriteOnly checks that the script is set at most once, stored or
// write-only (the plan checks that it is set at all: an imported run keeps
// its script), that the parameters are set at most once, and that a version
// has something to version. A value not known yet, such as a variable
// while validate runs, may turn out null or not: the checks it takes part
// in wait until it is known.
func (m *runCommandModel) validateWriteOnly(diags *diag.Diagnostics) {
	if isKnown(m.CommandContent, m.CommandContentWO) && !m.CommandContent.IsNull() && !m.CommandContentWO.IsNull() {
		diags.AddAttributeError(path.Root("command_content_wo"), "Script set twice",
			"command_content and command_content_wo are both set. Set one: command_content is stored in the state, "+
				"command_content_wo is not.")
	}
	if isKnown(m.Parameters, m.ParametersWO) && !m.Parameters.IsNull() && !m.ParametersWO.IsNull() {
		diags.AddAttributeError(path.Root("parameters_wo"), "Parameters set twice",
			"parameters and parameters_wo are both set. Set one: parameters are stored in the state, parameters_wo are not.")
	}
	if isKnown(m.CommandContentWOVersion, m.CommandContentWO, m.ParametersWO) &&
		!m.CommandContentWOVersion.IsNull() && m.CommandContentWO.IsNull() && m.ParametersWO.IsNull() {
		diags.AddAttributeError(path.Root("command_content_wo_version"), "Version of nothing write-only",
			"command_content_wo_version runs the command again when command_content_wo or parameters_wo change, and "+
				"neither is set. Remove it, or set the script or the parameters with their write-only arguments.")
	}
}

// requireScript fails the plan of a run without a script: neither
// command_content, nor command_content_wo, nor a script an import
// recovered and the configuration leaves out.
func requireScript(ctx context.Context, plan tfsdk.Plan, config tfsdk.Config, diags *diag.Diagnostics) {
	if plan.Raw.IsNull() {
		return
	}
	var content, contentWO types.String
	diags.Append(plan.GetAttribute(ctx, path.Root("command_content"), &content)...)
	diags.Append(config.GetAttribute(ctx, path.Root("command_content_wo"), &contentWO)...)
	if !diags.HasError() && content.IsNull() && contentWO.IsNull() {
		diags.AddAttributeError(path.Root("command_content"), "No script",
			"Neither command_content nor command_content_wo is set. Set command_content, or command_content_wo to keep "+
				"the script out of the state. An imported run keeps the script the import recovered only until the "+
				"command runs again.")
	}
}

// isKnown reports whether every value is known, null included: the
// condition for deciding "exactly one of" or "at most one of" them.
func isKnown(values ...attr.Value) bool {
	for _, v := range values {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

const replaceUnlessMoved = "If the value of this attribute changes, Terraform will destroy and recreate the resource, " +
	"unless the script or the parameters only moved, unchanged, to their write-only argument."

// Changes of the stored script, the parameters and the version run the
// command again, but for moving the script or the parameters unchanged to
// their write-only twins: that runs nothing and removes them from the
// state. The three decide with one comparison, so that none can let a
// change through that another would catch.
var (
	scriptRunsAgain = stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !onlyMovedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
	}, replaceUnlessMoved, replaceUnlessMoved)
	parametersRunAgain = mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !onlyMovedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
	}, replaceUnlessMoved, replaceUnlessMoved)
	versionRunsAgain = int64planmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !onlyMovedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
	}, replaceUnlessMoved, replaceUnlessMoved)
)

// onlyMovedToWriteOnly reads the configuration and the state for
// movesOnly; it reports false when either cannot be read.
func onlyMovedToWriteOnly(ctx context.Context, config tfsdk.Config, state tfsdk.State, diags *diag.Diagnostics) bool {
	var configured, prior runCommandModel
	diags.Append(config.Get(ctx, &configured)...)
	diags.Append(state.Get(ctx, &prior)...)
	return !diags.HasError() && configured.movesOnly(&prior)
}

// movesOnly reports whether the configuration m runs the very command of
// the run in the state prior, with its stored script or parameters moved
// to their write-only twins: the one time a write-only value can be
// compared, with what an earlier configuration or an import stored. The
// script, the parameters and the version must all be known to be the
// same; whatever differs, or cannot be compared, runs the command again.
//
// A value write-only in both cannot be compared: command_content_wo_version
// stands for it, as whenever write-only values change.
func (m *runCommandModel) movesOnly(prior *runCommandModel) bool {
	movesScript := !prior.CommandContent.IsNull() && m.CommandContent.IsNull()
	movesParameters := !prior.Parameters.IsNull() && m.Parameters.IsNull()
	if !movesScript && !movesParameters {
		return false
	}
	sameVersion := prior.CommandContentWOVersion.IsNull() || m.CommandContentWOVersion.Equal(prior.CommandContentWOVersion)
	return sameVersion && m.sameScriptAs(prior) && m.sameParametersAs(prior)
}

// sameScriptAs reports whether m's script, stored or write-only, is the
// one prior ran.
func (m *runCommandModel) sameScriptAs(prior *runCommandModel) bool {
	switch {
	case !m.CommandContent.IsNull():
		return m.CommandContent.Equal(prior.CommandContent)
	case !prior.CommandContent.IsNull():
		return m.CommandContentWO.Equal(prior.CommandContent)
	}
	// Write-only before and now.
	return true
}

// sameParametersAs reports whether m's parameters, stored or write-only,
// are those prior ran with. Parameters absent from the state were none,
// unless the state has a version along with its stored script: then they
// were write-only.
func (m *runCommandModel) sameParametersAs(prior *runCommandModel) bool {
	configured := m.Parameters
	if configured.IsNull() {
		configured = m.ParametersWO
	}
	switch {
	case !prior.Parameters.IsNull():
		return sameParameters(configured, prior.Parameters)
	case !configured.IsUnknown() && len(configured.Elements()) == 0:
		return true
	}
	writeOnlyBefore := !prior.CommandContentWOVersion.IsNull() && !prior.CommandContent.IsNull()
	return writeOnlyBefore && m.Parameters.IsNull()
}

// sameParameters compares two sets of parameters, none and empty alike.
func sameParameters(a, b types.Map) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	if len(a.Elements()) == 0 && len(b.Elements()) == 0 {
		return true
	}
	return a.Equal(b)
}

// storedOutput adds store_output to output and output_base64, which are
// sensitive: a command's output is often a secret.
func storedOutput(attributes map[string]schema.Attribute) {
	for _, name := range []string{"output", "output_base64"} {
		output := attributes[name].(schema.StringAttribute) //nolint:forcetypeassert // made by computedString
		output.Sensitive = true
		output.Description += " Sensitive; null when `store_output` is `false`."
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

// showOutputOnFailure is show_output_on_failure, which says whether a
// require_success error quotes the output, in swas_run_command and
// swas_command_invocation alike.
func showOutputOnFailure(what string) schema.Attribute {
	return schema.BoolAttribute{
		Optional: true,
		Description: "Whether a `require_success` error shows the last lines of " + what + ". Defaults to " +
			"`store_output`: shown when it is stored in the state anyway, and not when `store_output = false` keeps " +
			"it out, since errors end up on screens and in CI logs; the error then says where to read it. Changing " +
			"it runs nothing.",
	}
}

// failureOutput is whether a require_success error quotes the output.
func (m *runCommandModel) failureOutput() failureOutput {
	shown := failureOutput{show: m.ShowOutputOnFailure}
	if m.StoreOutput.Equal(types.BoolValue(false)) {
		shown.keptOut = "store_output = false keeps it out of the state"
	}
	shown.readIt = fmt.Sprintf("Read it with the swas_invocation_result ephemeral resource (instance ID %s, invoke ID "+
		"%s), or in the console's command history", m.InstanceID.ValueString(), m.InvokeID.ValueString())
	return shown
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

// importNotice says what an import cannot recover, and what the
// configuration needs.
func importNotice(invokeID string) (title, detail string) {
	return "Some arguments cannot be imported", fmt.Sprintf("Invocation %s is imported with the name, type, script "+
		"and parameters the API lists, which are now stored in command_content and parameters. The API keeps no "+
		"timeout, working_dir, working_user, windows_password_name or triggers, and write-only arguments are never "+
		"kept: command_content_wo, parameters_wo and command_content_wo_version cannot be recovered.\n\n"+
		"command_content and parameters are sensitive, so a configuration written by plan -generate-config-out leaves "+
		"them null. Left out so, they keep what the import recovered, and the plan shows no change; but running the "+
		"command again (a change of triggers, say) needs them: fill in command_content_wo or command_content, and "+
		"parameters_wo or parameters, by hand.\n\nIf the configuration sets command_content_wo or parameters_wo to "+
		"this run's script and parameters, the next apply removes them from the state without running the command "+
		"again. Any other difference in these arguments replaces the resource, which runs the command again.", invokeID)
}
