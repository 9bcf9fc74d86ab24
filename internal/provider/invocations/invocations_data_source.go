package invocations

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*invocationsDataSource)(nil)

// NewDataSource is the swas_invocations data source.
func NewDataSource() datasource.DataSource {
	return &invocationsDataSource{framework.NewDataSource[invocationsModel]("invocations", invocationsSchema)}
}

type invocationsDataSource struct {
	framework.DataSource[invocationsModel]
}

func (d *invocationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model invocationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	instanceID := model.InstanceID.ValueString()
	op := framework.Operation{
		RegionID: model.RegionID,
		Timeout:  framework.ReadTimeout(model.Timeouts),
		Doing:    "listing the invocations on instance " + instanceID,
		Blame:    framework.InstanceBlame,
	}
	list, region, ok := framework.Call(ctx, d.Data, op, func(ctx context.Context, region string) (*swasclient.InvocationList, error) {
		filter := swasclient.InvocationFilter{RegionID: region, InstanceID: instanceID, InvokeStatus: model.InvokeStatus.ValueString()}
		return d.Data.Client.DescribeInvocations(ctx, filter, framework.MaxListedInvocations)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	if list.TotalCount > len(list.Invocations) {
		resp.Diagnostics.AddWarning("Invocations list is capped",
			fmt.Sprintf("Instance %s has %d matching invocations; the first %d are listed. Narrow the list with "+
				"invoke_status.", instanceID, list.TotalCount, len(list.Invocations)))
	}
	model.ID = model.InstanceID
	model.RegionID = types.StringValue(region)
	model.TotalCount = types.Int64Value(int64(list.TotalCount))
	model.Invocations = make([]invocationModel, 0, len(list.Invocations))
	for _, inv := range list.Invocations {
		model.Invocations = append(model.Invocations, invocationFrom(inv, &resp.Diagnostics))
	}
	model.LatestInvokeID = types.StringNull()
	if latest := latestInvocation(list.Invocations); latest != nil {
		model.LatestInvokeID = types.StringValue(latest.InvokeID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// invocationFrom is one listed invocation, its script and parameters
// decoded.
func invocationFrom(inv swasclient.Invocation, diags *diag.Diagnostics) invocationModel {
	return invocationModel{
		InvokeID:         types.StringValue(inv.InvokeID),
		CommandName:      types.StringValue(inv.CommandName),
		CommandType:      types.StringValue(inv.CommandType),
		CommandContent:   framework.ListedScript(inv, path.Root("invocations"), diags),
		CreationTime:     types.StringValue(inv.CreationTime),
		InvocationStatus: types.StringValue(inv.InvocationStatus),
		InvokeStatus:     types.StringValue(inv.InvokeStatus),
		Parameters:       framework.ListedParameters(inv, diags),
	}
}

// latestInvocation is the most recently created one; the API's timestamps
// sort as text. On a tie the one listed first wins.
func latestInvocation(invocations []swasclient.Invocation) *swasclient.Invocation {
	var latest *swasclient.Invocation
	for i := range invocations {
		if latest == nil || invocations[i].CreationTime > latest.CreationTime {
			latest = &invocations[i]
		}
	}
	return latest
}
