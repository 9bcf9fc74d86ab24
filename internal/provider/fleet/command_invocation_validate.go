package fleet

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

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
	config.validate(&resp.Diagnostics)
	parametersAt := path.Root("parameters")
	if !config.ParametersWO.IsNull() {
		parametersAt = path.Root("parameters_wo")
	}
	framework.CommandSizeCheck{Action: "InvokeCommand", Limit: swasclient.MaxInvokeCommandBytes, Content: types.StringNull(),
		Parameters: config.sent(&config.parameterArguments), At: parametersAt}.Validate(ctx, &resp.Diagnostics)
}
