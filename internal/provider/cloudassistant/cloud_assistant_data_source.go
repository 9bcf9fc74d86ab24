package cloudassistant

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*cloudAssistantDataSource)(nil)

// NewDataSource is the swas_cloud_assistant data source.
func NewDataSource() datasource.DataSource {
	return &cloudAssistantDataSource{framework.NewDataSource[cloudAssistantModel]("cloud_assistant", cloudAssistantSchema)}
}

type cloudAssistantDataSource struct {
	framework.DataSource[cloudAssistantModel]
}

func (d *cloudAssistantDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model cloudAssistantModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	instanceID := model.InstanceID.ValueString()
	op := framework.Operation{
		RegionID: model.RegionID,
		Timeout:  framework.ReadTimeout(model.Timeouts),
		Doing:    fmt.Sprintf("reading the Cloud Assistant agent of instance %s", instanceID),
		Blame:    framework.InstanceBlame,
	}
	agent, region, ok := framework.Call(ctx, d.Data, op, func(ctx context.Context, region string) (*swasclient.CloudAssistant, error) {
		ref := swasclient.InstanceRef{RegionID: region, InstanceID: instanceID}
		if model.WaitUntilOnline.ValueBool() {
			return d.Data.Client.WaitForCloudAssistant(ctx, ref, d.Data.Wait.Poll)
		}
		return d.Data.Client.DescribeCloudAssistant(ctx, ref)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	model.ID = types.StringValue(instanceID)
	model.RegionID = types.StringValue(region)
	model.set(agent)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// set fills the computed attributes; absent strings are null.
func (m *cloudAssistantModel) set(a *swasclient.CloudAssistant) {
	m.Online = types.BoolValue(a.Online)
	m.Version = framework.StringOrNull(a.Version)
	m.LastHeartbeatTime = framework.StringOrNull(a.LastHeartbeatTime)
	m.LastInvokedTime = framework.StringOrNull(a.LastInvokedTime)
	m.OSType = framework.StringOrNull(a.OSType)
	m.ActiveTaskCount = types.Int64Value(a.ActiveTaskCount)
	m.InvocationCount = types.Int64Value(a.InvocationCount)
	m.SupportSessionManager = types.BoolValue(a.SupportSessionManager)
	m.RequestID = framework.StringOrNull(a.RequestID)
}
