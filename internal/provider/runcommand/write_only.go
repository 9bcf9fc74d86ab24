package runcommand

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// Keeping secrets out of the state: the script and the parameters are
// either stored or write-only, and the output is kept only on request.

// script is the command's script and parameters, stored or write-only.
type scriptArguments struct {
	CommandContent          types.String `tfsdk:"command_content"`
	CommandContentWO        types.String `tfsdk:"command_content_wo"`
	CommandContentWOVersion types.Int64  `tfsdk:"command_content_wo_version"`
	Parameters              types.Map    `tfsdk:"parameters"`
	ParametersWO            types.Map    `tfsdk:"parameters_wo"`
}

// sent is what RunCommand runs: the stored arguments of the plan s, or the
// write-only ones, which only the configuration holds, of which it sets
// one.
func (s *scriptArguments) sent(config *scriptArguments) (content types.String, parameters types.Map) {
	content, parameters = s.CommandContent, s.Parameters
	if !config.CommandContentWO.IsNull() {
		content = config.CommandContentWO
	}
	if !config.ParametersWO.IsNull() {
		parameters = config.ParametersWO
	}
	return content, parameters
}

// validate checks that the script is set at most once, stored or
// write-only (the plan checks that it is set at all: an imported run keeps
// its script), that the parameters are set at most once, and that a version
// has something to version. A value not known yet, such as a variable
// while validate runs, may turn out null or not: the checks it takes part
// in wait until it is known.
func (s *scriptArguments) validate(diags *diag.Diagnostics) {
	framework.SetOnce(diags, "Script", "command_content", "is", s.CommandContent, s.CommandContentWO)
	framework.SetOnce(diags, "Parameters", "parameters", "are", s.Parameters, s.ParametersWO)
	if framework.IsKnown(s.CommandContentWOVersion, s.CommandContentWO, s.ParametersWO) &&
		!s.CommandContentWOVersion.IsNull() && s.CommandContentWO.IsNull() && s.ParametersWO.IsNull() {
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

const replaceUnlessMoved = "If the value of this attribute changes, Terraform will destroy and recreate the resource, " +
	"unless the script or the parameters only moved, unchanged, to their write-only argument."

// Changes of the stored script, the parameters and the version run the
// command again, but for moving the script or the parameters unchanged to
// their write-only twins: that runs nothing and removes them from the
// state. The three decide with one comparison, so that none can let a
// change through that another would catch.
var runsAgainUnlessMoved = framework.ReplaceUnlessMoved[scriptArguments](replaceUnlessMoved)

// MovesOnly reports whether the configuration s runs the very command of
// the run in the state prior, with its stored script or parameters moved
// to their write-only twins: the one time a write-only value can be
// compared, with what an earlier configuration or an import stored. The
// script, the parameters and the version must all be known to be the
// same; whatever differs, or cannot be compared, runs the command again.
//
// A value write-only in both cannot be compared: command_content_wo_version
// stands for it, as whenever write-only values change.
func (s *scriptArguments) MovesOnly(prior *scriptArguments) bool {
	movesScript := !prior.CommandContent.IsNull() && s.CommandContent.IsNull()
	movesParameters := !prior.Parameters.IsNull() && s.Parameters.IsNull()
	if !movesScript && !movesParameters {
		return false
	}
	sameVersion := prior.CommandContentWOVersion.IsNull() || s.CommandContentWOVersion.Equal(prior.CommandContentWOVersion)
	return sameVersion && s.sameScriptAs(prior) && s.sameParametersAs(prior)
}

// sameScriptAs reports whether s's script, stored or write-only, is the
// one prior ran.
func (s *scriptArguments) sameScriptAs(prior *scriptArguments) bool {
	switch {
	case !s.CommandContent.IsNull():
		return s.CommandContent.Equal(prior.CommandContent)
	case !prior.CommandContent.IsNull():
		return s.CommandContentWO.Equal(prior.CommandContent)
	}
	// Write-only before and now.
	return true
}

// sameParametersAs reports whether s's parameters, stored or write-only,
// are those prior ran with. Parameters absent from the state were none,
// unless the state has a version along with its stored script: then they
// were write-only.
func (s *scriptArguments) sameParametersAs(prior *scriptArguments) bool {
	configured := s.Parameters
	if configured.IsNull() {
		configured = s.ParametersWO
	}
	switch {
	case !prior.Parameters.IsNull():
		return framework.SameParameters(configured, prior.Parameters)
	case !configured.IsUnknown() && len(configured.Elements()) == 0:
		return true
	}
	writeOnlyBefore := !prior.CommandContentWOVersion.IsNull() && !prior.CommandContent.IsNull()
	return writeOnlyBefore && s.Parameters.IsNull()
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
