package fleet

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*commandsDataSource)(nil)

// NewCommandsDataSource is the swas_commands data source.
func NewCommandsDataSource() datasource.DataSource {
	return &commandsDataSource{framework.NewDataSource[commandsModel]("commands", commandsSchema)}
}

type commandsDataSource struct {
	framework.DataSource[commandsModel]
}

func (d *commandsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model commandsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := framework.Operation{RegionID: model.RegionID, Timeout: framework.ReadTimeout(model.Timeouts), Doing: "listing the saved commands", Blame: commandBlame}
	list, region, ok := framework.Call(ctx, d.Data, op, func(ctx context.Context, region string) (*swasclient.CommandList, error) {
		return d.Data.Client.DescribeCommands(ctx, swasclient.CommandFilter{RegionID: region, CommandID: model.CommandID.ValueString(),
			Name: model.Name.ValueString(), Type: model.Type.ValueString(), Provider: swasclient.ProviderUser}, maxListedCommands)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	if list.TotalCount > len(list.Commands) {
		resp.Diagnostics.AddWarning("Commands list is capped", fmt.Sprintf("%d saved commands match in %s; the first %d "+
			"are listed. Narrow the list with name or type.", list.TotalCount, region, len(list.Commands)))
	}
	model.ID, model.RegionID = types.StringValue(region), types.StringValue(region)
	model.TotalCount = types.Int64Value(int64(list.TotalCount))
	model.IDs, model.Commands = []types.String{}, []savedCommandModel{}
	for _, cmd := range list.Commands {
		model.IDs = append(model.IDs, types.StringValue(cmd.ID))
		model.Commands = append(model.Commands, savedCommandModel{
			ID: types.StringValue(cmd.ID), Name: types.StringValue(cmd.Name), Type: types.StringValue(cmd.Type),
			CommandContent: types.StringValue(cmd.Script("")), Description: types.StringValue(cmd.Description),
			WorkingDir: types.StringValue(cmd.WorkingDir), Timeout: types.Int64Value(cmd.Timeout),
			EnableParameter: types.BoolValue(cmd.EnableParameter), ParameterNames: cmd.ParameterNames,
			CreationTime: types.StringValue(cmd.CreationTime), Provider: types.StringValue(cmd.Provider),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
