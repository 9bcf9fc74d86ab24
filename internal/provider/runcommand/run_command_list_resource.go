package runcommand

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ list.ListResourceWithConfigure = (*runCommandListResource)(nil)

// NewListResource lists swas_run_command for `terraform query`.
func NewListResource() list.ListResource {
	return &runCommandListResource{framework.NewListResource[runCommandListModel]("run_command", runCommandListSchema)}
}

type runCommandListResource struct {
	framework.ListResource[runCommandListModel]
}

// List lists the runs on a server as swas_invocations does, each with what
// an import sets, so that generated configuration plans no change.
func (l *runCommandListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config runCommandListModel
	diags := req.Config.Get(ctx, &config)
	if diags.HasError() {
		framework.ListFailed(stream, diags)
		return
	}
	instanceID := config.InstanceID.ValueString()
	op := framework.Operation{
		RegionID: config.RegionID,
		Timeout:  framework.ReadTimeout(nil),
		Doing:    "listing the invocations on instance " + instanceID,
	}
	listed, region, ok := framework.Call(ctx, l.Data, op, func(ctx context.Context, region string) (*swasclient.InvocationList, error) {
		filter := swasclient.InvocationFilter{RegionID: region, InstanceID: instanceID, InvokeStatus: config.InvokeStatus.ValueString()}
		return l.Data.Client.DescribeInvocations(ctx, filter, framework.MaxListedInvocations)
	}, &diags)
	if !ok {
		framework.ListFailed(stream, diags)
		return
	}
	if listed.TotalCount > len(listed.Invocations) {
		diags.AddWarning("Invocations list is capped", fmt.Sprintf("Instance %s has %d matching invocations; the "+
			"first %d are listed. Narrow the list with invoke_status.", instanceID, listed.TotalCount, len(listed.Invocations)))
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, run := range listed.Invocations {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			var runDiags diag.Diagnostics
			attributes := importedArguments(region, instanceID, run, &runDiags)
			// The warnings of the list go with its first result.
			runDiags.Append(diags...)
			diags = nil
			identity := runCommandIdentity{
				RegionID: types.StringValue(region), InstanceID: types.StringValue(instanceID), InvokeID: types.StringValue(run.InvokeID),
			}
			display := fmt.Sprintf("%s %s (%s, %s)", run.CommandName, run.InvokeID, run.InvocationStatus, run.CreationTime)
			if !push(framework.Listed(ctx, req, identity, attributes, display, runDiags)) {
				return
			}
		}
	}
}
