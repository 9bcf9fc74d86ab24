package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// Keeping a fleet's secrets out of the state, as swas_run_command does:
// write-only parameters with a version, and each server's output stored
// only on request.

// commandInvocationWriteOnly are swas_command_invocation's arguments for
// secrets.
type commandInvocationWriteOnly struct {
	ParametersWO        types.Map   `tfsdk:"parameters_wo"`
	ParametersWOVersion types.Int64 `tfsdk:"parameters_wo_version"`
	StoreOutput         types.Bool  `tfsdk:"store_output"`
	ShowOutputOnFailure types.Bool  `tfsdk:"show_output_on_failure"`
}

// invokeParameterValidators check the parameters of InvokeCommand.
var invokeParameterValidators = []validator.Map{
	mapvalidator.SizeAtMost(swasclient.MaxInvokeCommandParameters),
	mapvalidator.KeysAre(stringvalidator.RegexMatches(parameterPattern, "must be letters, digits, _ and - only, at most 64 characters")),
}

func fleetParametersWO() schema.Attribute {
	return schema.MapAttribute{
		Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType,
		Description: "The values of the saved command's custom parameters, like `parameters`, but write-only: never " +
			"stored in a plan or the state, so they may come from an ephemeral resource. Changing them runs nothing: " +
			"change `parameters_wo_version` to run the command again. At most one of `parameters` and " +
			"`parameters_wo` may be set." + writeOnlyNeeds,
		Validators: invokeParameterValidators,
	}
}

func fleetParametersWOVersion() schema.Attribute {
	return schema.Int64Attribute{
		Optional: true,
		Description: "Any number, to change whenever `parameters_wo` changes: a change runs the command again on every " +
			"server (by replacing the resource), since write-only values cannot be compared with those of the last " +
			"run. Needs `parameters_wo`.",
		PlanModifiers: []planmodifier.Int64{fleetVersionRunsAgain},
	}
}

func fleetStoreOutput() schema.Attribute {
	return schema.BoolAttribute{
		Optional: true, Computed: true, Default: booldefault.StaticBool(true),
		Description: "Whether each server's `output` and `output_base64` in `results` are stored in the state. Set " +
			"`false` for a command that prints a secret: they are then null, while the statuses, exit codes and " +
			"errors are kept, and a `require_success` error does not show the outputs either (see " +
			"`show_output_on_failure`). Turning it back to `true` takes effect at the next run. Defaults to `true`.",
	}
}

const fleetReplaceUnlessMoved = "If the value of this attribute changes, Terraform will destroy and recreate the " +
	"resource, unless the parameters only moved, unchanged, to parameters_wo."

// A change of the stored parameters or of the version runs the command
// again, but for moving the parameters unchanged to parameters_wo: the two
// decide with one comparison, movesOnly.
var (
	fleetParametersRunAgain = mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !fleetOnlyMovedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
	}, fleetReplaceUnlessMoved, fleetReplaceUnlessMoved)
	fleetVersionRunsAgain = int64planmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !fleetOnlyMovedToWriteOnly(ctx, req.Config, req.State, &resp.Diagnostics)
	}, fleetReplaceUnlessMoved, fleetReplaceUnlessMoved)
)

func fleetOnlyMovedToWriteOnly(ctx context.Context, config tfsdk.Config, state tfsdk.State, diags *diag.Diagnostics) bool {
	var configured, prior commandInvocationModel
	diags.Append(config.Get(ctx, &configured)...)
	diags.Append(state.Get(ctx, &prior)...)
	return !diags.HasError() && configured.movesOnly(&prior)
}

// movesOnly reports whether the configuration m runs the command with the
// very parameters of the run in the state prior, moved from parameters to
// parameters_wo, and with the version it had, if any.
func (m *commandInvocationModel) movesOnly(prior *commandInvocationModel) bool {
	if prior.Parameters.IsNull() || !m.Parameters.IsNull() {
		return false
	}
	sameVersion := prior.ParametersWOVersion.IsNull() || m.ParametersWOVersion.Equal(prior.ParametersWOVersion)
	return sameVersion && sameParameters(m.ParametersWO, prior.Parameters)
}

var _ resource.ResourceWithValidateConfig = (*commandInvocationResource)(nil)

// ValidateConfig checks that the parameters are set at most once and that
// a version has something to version, once the values are known, and holds
// them to InvokeCommand's size limit: the saved command's script, which the
// API adds to them, is another resource's, so the API checks the whole.
func (r *commandInvocationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config commandInvocationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if isKnown(config.Parameters, config.ParametersWO) && !config.Parameters.IsNull() && !config.ParametersWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("parameters_wo"), "Parameters set twice",
			"parameters and parameters_wo are both set. Set one: parameters are stored in the state, parameters_wo are not.")
	}
	if isKnown(config.ParametersWOVersion, config.ParametersWO) && !config.ParametersWOVersion.IsNull() && config.ParametersWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("parameters_wo_version"), "Version of nothing write-only",
			"parameters_wo_version runs the command again when parameters_wo change, and parameters_wo is not set. "+
				"Remove it, or set the parameters with parameters_wo.")
	}
	parametersAt := path.Root("parameters")
	if !config.ParametersWO.IsNull() {
		parametersAt = path.Root("parameters_wo")
	}
	commandSizeCheck{action: "InvokeCommand", limit: swasclient.MaxInvokeCommandBytes, content: types.StringNull(),
		parameters: config.parameters(&config), at: parametersAt}.validate(ctx, &resp.Diagnostics)
}

// parameters is what InvokeCommand runs with: the stored or the write-only
// ones, of which the configuration sets at most one.
func (m *commandInvocationModel) parameters(config *commandInvocationModel) types.Map {
	if !config.ParametersWO.IsNull() {
		return config.ParametersWO
	}
	return m.Parameters
}

// resultsNotStored plans results without outputs when store_output is
// false.
type resultsNotStored struct{}

func (resultsNotStored) Description(context.Context) string {
	return "Each server's output is null when store_output is false."
}

func (m resultsNotStored) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (resultsNotStored) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	var store types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("store_output"), &store)...)
	if !store.Equal(types.BoolValue(false)) || resp.PlanValue.IsNull() || resp.PlanValue.IsUnknown() {
		return
	}
	resp.PlanValue = withoutOutputs(resp.PlanValue, &resp.Diagnostics)
}

// withoutOutputs is results with every server's output null.
func withoutOutputs(results types.Map, diags *diag.Diagnostics) types.Map {
	servers := map[string]attr.Value{}
	for id, value := range results.Elements() {
		result, ok := value.(types.Object)
		if !ok {
			return results
		}
		attributes := result.Attributes()
		attributes["output"], attributes["output_base64"] = types.StringNull(), types.StringNull()
		object, objectDiags := types.ObjectValue(instanceResultType.AttrTypes, attributes)
		diags.Append(objectDiags...)
		servers[id] = object
	}
	value, mapDiags := types.MapValue(instanceResultType, servers)
	diags.Append(mapDiags...)
	return value
}

// dropOutputsUnlessStored nulls every server's output when store_output is
// false.
func (m *commandInvocationModel) dropOutputsUnlessStored(diags *diag.Diagnostics) {
	if m.StoreOutput.Equal(types.BoolValue(false)) && !m.Results.IsNull() && !m.Results.IsUnknown() {
		m.Results = withoutOutputs(m.Results, diags)
	}
}

// failureOutput is whether a require_success error quotes the servers'
// outputs.
func (m *commandInvocationModel) failureOutput() failureOutput {
	shown := failureOutput{show: m.ShowOutputOnFailure}
	if m.StoreOutput.Equal(types.BoolValue(false)) {
		shown.keptOut = "store_output = false keeps it out of the state"
	}
	shown.readIt = "Read each server's output in the console's command history, invoke ID " + m.InvokeID.ValueString() +
		", or with the API's DescribeCommandInvocations"
	return shown
}
