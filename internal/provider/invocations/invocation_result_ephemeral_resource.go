package invocations

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*resultEphemeralResource)(nil)

// NewResultEphemeralResource is the swas_invocation_result ephemeral
// resource: the data source's read, never written to a plan or state.
func NewResultEphemeralResource() ephemeral.EphemeralResource {
	return &resultEphemeralResource{framework.NewEphemeralResource[resultEphemeralModel]("invocation_result", resultEphemeralSchema)}
}

type resultEphemeralResource struct {
	framework.EphemeralResource[resultEphemeralModel]
}

// Open reads the result as the data source does, within timeouts.open.
func (r *resultEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var model resultEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	shown := framework.FailureOutput{
		Show:    model.ShowOutputOnFailure,
		KeptOut: "the swas_invocation_result ephemeral resource keeps it out of plans and the state",
		ReadIt: fmt.Sprintf("Read it in the console's command history of instance %s, invoke ID %s, or with the "+
			"API's DescribeInvocationResult; or set require_success = false and test invocation_status in a "+
			"precondition", model.InstanceID.ValueString(), model.InvokeID.ValueString()),
	}
	if model.read(ctx, r.Data, framework.OpenTimeout(model.Timeouts), shown, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.Result.Set(ctx, &model)...)
	}
}
