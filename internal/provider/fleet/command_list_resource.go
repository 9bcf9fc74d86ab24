package fleet

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ list.ListResourceWithConfigure = (*commandListResource)(nil)

// NewCommandListResource lists swas_command for `terraform query`.
func NewCommandListResource() list.ListResource {
	return &commandListResource{framework.NewListResource[commandListModel]("command", commandListSchema)}
}

type commandListResource struct {
	framework.ListResource[commandListModel]
}

// List lists the saved commands as swas_commands does, each with what an
// import would set, so that generated configuration plans no change.
func (l *commandListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config commandListModel
	diags := req.Config.Get(ctx, &config)
	if diags.HasError() {
		framework.ListFailed(stream, diags)
		return
	}
	op := framework.Operation{RegionID: config.RegionID, Timeout: framework.ReadTimeout(nil), Doing: "listing the saved commands", Blame: commandBlame}
	listed, region, ok := framework.Call(ctx, l.Data, op, func(ctx context.Context, region string) (*swasclient.CommandList, error) {
		return l.Data.Client.DescribeCommands(ctx, swasclient.CommandFilter{RegionID: region, CommandID: config.CommandID.ValueString(),
			Name: config.Name.ValueString(), Type: config.Type.ValueString(), Provider: swasclient.ProviderUser}, maxListedCommands)
	}, &diags)
	if !ok {
		framework.ListFailed(stream, diags)
		return
	}
	if listed.TotalCount > len(listed.Commands) {
		diags.AddWarning("Commands list is capped", fmt.Sprintf("%d saved commands match in %s; the first %d "+
			"are listed. Narrow the list with name or type.", listed.TotalCount, region, len(listed.Commands)))
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, cmd := range listed.Commands {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			var m commandModel
			setCommand(&m, &cmd)
			identity := commandIdentity{RegionID: types.StringValue(region), CommandID: m.ID}
			display := fmt.Sprintf("%s (%s, %s)", cmd.Name, cmd.ID, cmd.Type)
			// The warnings of the list go with its first result.
			if !push(framework.Listed(ctx, req, identity, commandAttributes(region, &m), display, diags)) {
				return
			}
			diags = nil
		}
	}
}

// commandAttributes are the attributes of a listed command, as an import
// followed by a read sets them.
func commandAttributes(region string, m *commandModel) map[string]attr.Value {
	return map[string]attr.Value{
		"id":               m.ID,
		"region_id":        types.StringValue(region),
		"name":             m.Name,
		"type":             m.Type,
		"command_content":  m.CommandContent,
		"description":      m.Description,
		"working_dir":      m.WorkingDir,
		"timeout":          m.Timeout,
		"enable_parameter": m.EnableParameter,
		"parameter_names":  m.ParameterNames,
		"creation_time":    m.CreationTime,
	}
}
