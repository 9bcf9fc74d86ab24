package invocations

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*resultDataSource)(nil)

// NewResultDataSource is the swas_invocation_result data source.
func NewResultDataSource() datasource.DataSource {
	return &resultDataSource{framework.NewDataSource[resultDataSourceModel]("invocation_result", resultDataSourceSchema)}
}

type resultDataSource struct {
	framework.DataSource[resultDataSourceModel]
}

func (d *resultDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model resultDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The data source stores the output: its errors may quote it.
	if model.read(ctx, d.Data, framework.ReadTimeout(model.Timeouts), framework.FailureOutput{}, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
	}
}

// read reads the invocation the model names, waiting when asked, sets its
// result, and checks require_success, whose error quotes the output as
// shown says; it reports false after an error. The data source and the
// ephemeral resource share it.
func (m *invocationResult) read(ctx context.Context, data *framework.ProviderData, timeout framework.Timeout, shown framework.FailureOutput, diags *diag.Diagnostics) bool {
	result, ref, ok := framework.ReadResult(ctx, data, framework.ResultRequest{
		RegionID:   m.RegionID,
		InstanceID: m.InstanceID.ValueString(),
		InvokeID:   m.InvokeID.ValueString(),
		Timeout:    timeout,
		Wait:       m.WaitForCompletion.ValueBool(),
	}, diags)
	if !ok {
		return false
	}
	m.ID = types.StringValue(ref.InstanceID + ":" + ref.InvokeID)
	m.RegionID = types.StringValue(ref.RegionID)
	m.SetResult(result, diags)
	if m.RequireSuccess.ValueBool() && result.InvocationStatus != swasclient.StatusSuccess {
		framework.Failure{}.Add(diags, &framework.UnsuccessfulError{Result: result, Output: m.Output.ValueString(), Shown: shown})
		return false
	}
	return true
}
