package runcommand

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// ValidateConfig rejects combinations the API would refuse or ignore, at
// plan time, pointing at the argument that is set. Unknown values are
// checked once known, at apply.
func (r *runCommandResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config runCommandModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	config.validate(&resp.Diagnostics)
	content, parameterValues := config.sent(&config.scriptArguments)
	scriptAt := path.Root("command_content")
	if !config.CommandContentWO.IsNull() {
		scriptAt = path.Root("command_content_wo")
	}
	framework.CommandSizeCheck{Action: "RunCommand", Limit: swasclient.MaxRunCommandBytes, Content: content,
		Parameters: parameterValues, At: scriptAt}.Validate(ctx, &resp.Diagnostics)
	parameters := path.Root("parameters")
	if len(config.ParametersWO.Elements()) > 0 {
		parameters = path.Root("parameters_wo")
	}
	if len(config.Parameters.Elements())+len(config.ParametersWO.Elements()) > 0 && !config.EnableParameter.IsUnknown() && !config.EnableParameter.ValueBool() {
		resp.Diagnostics.AddAttributeError(parameters, "Parameters without enable_parameter",
			parameters.String()+" are set, but enable_parameter is not true, so the {{name}} placeholders would not be "+
				"filled. Set enable_parameter = true.")
	}
	validateWindowsPassword(&config, resp)
	isFalse := func(b types.Bool) bool { return b.Equal(types.BoolValue(false)) }
	if isFalse(config.WaitForCompletion) && !isFalse(config.RequireSuccess) && !config.RequireSuccess.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("wait_for_completion"), "require_success needs waiting",
			"With wait_for_completion = false the apply ends before the command's result is known, so "+
				"require_success (true by default) cannot be checked. Set require_success = false too.")
	}
}

// validateWindowsPassword checks that a Windows password goes with a user
// and a Windows command.
func validateWindowsPassword(config *runCommandModel, resp *resource.ValidateConfigResponse) {
	if !framework.IsKnown(config.WindowsPasswordName) || config.WindowsPasswordName.IsNull() {
		return
	}
	if config.WorkingUser.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("windows_password_name"), "Password without a user",
			"windows_password_name is the password of working_user, which is not set. Set working_user too.")
	}
	if !config.Type.IsUnknown() && (config.Type.IsNull() || config.Type.ValueString() == framework.ShellScript) {
		resp.Diagnostics.AddAttributeError(path.Root("windows_password_name"), "Password for a Linux command",
			"windows_password_name is for commands on Windows servers. Set type to RunBatScript or RunPowerShellScript.")
	}
}
