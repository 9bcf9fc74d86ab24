package fleet

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// Keeping a fleet's secrets out of the state, as swas_run_command does:
// write-only parameters with a version, and each server's output stored
// only on request.

// parameters are the command's parameters, stored or write-only.
type parameterArguments struct {
	Parameters          types.Map   `tfsdk:"parameters"`
	ParametersWO        types.Map   `tfsdk:"parameters_wo"`
	ParametersWOVersion types.Int64 `tfsdk:"parameters_wo_version"`
}

// sent is what InvokeCommand runs with: the stored parameters of the plan
// p, or the write-only ones, which only the configuration holds, of which
// it sets at most one.
func (p *parameterArguments) sent(config *parameterArguments) types.Map {
	if !config.ParametersWO.IsNull() {
		return config.ParametersWO
	}
	return p.Parameters
}

// validate checks that the parameters are set at most once, and that a
// version has something to version, once the values are known.
func (p *parameterArguments) validate(diags *diag.Diagnostics) {
	framework.SetOnce(diags, "Parameters", "parameters", "are", p.Parameters, p.ParametersWO)
	if framework.IsKnown(p.ParametersWOVersion, p.ParametersWO) && !p.ParametersWOVersion.IsNull() && p.ParametersWO.IsNull() {
		diags.AddAttributeError(path.Root("parameters_wo_version"), "Version of nothing write-only",
			"parameters_wo_version runs the command again when parameters_wo change, and parameters_wo is not set. "+
				"Remove it, or set the parameters with parameters_wo.")
	}
}

const replaceUnlessMoved = "If the value of this attribute changes, Terraform will destroy and recreate the " +
	"resource, unless the parameters only moved, unchanged, to parameters_wo."

// A change of the stored parameters or of the version runs the command
// again, but for moving the parameters unchanged to parameters_wo: the two
// decide with one comparison, MovesOnly.
var runsAgainUnlessMoved = framework.ReplaceUnlessMoved[parameterArguments](replaceUnlessMoved)

// MovesOnly reports whether the configuration p runs the command with the
// very parameters of the run in the state prior, moved from parameters to
// parameters_wo, and with the version it had, if any.
func (p *parameterArguments) MovesOnly(prior *parameterArguments) bool {
	if prior.Parameters.IsNull() || !p.Parameters.IsNull() {
		return false
	}
	sameVersion := prior.ParametersWOVersion.IsNull() || p.ParametersWOVersion.Equal(prior.ParametersWOVersion)
	return sameVersion && framework.SameParameters(p.ParametersWO, prior.Parameters)
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
