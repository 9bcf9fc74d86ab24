package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*cloudAssistantDataSource)(nil)

// NewCloudAssistantDataSource is the swas_cloud_assistant data source.
func NewCloudAssistantDataSource() datasource.DataSource {
	return &cloudAssistantDataSource{}
}

type cloudAssistantDataSource struct {
	data *providerData
}

type cloudAssistantModel struct {
	ID                    types.String   `tfsdk:"id"`
	RegionID              types.String   `tfsdk:"region_id"`
	InstanceID            types.String   `tfsdk:"instance_id"`
	WaitUntilOnline       types.Bool     `tfsdk:"wait_until_online"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
	Online                types.Bool     `tfsdk:"online"`
	Version               types.String   `tfsdk:"version"`
	LastHeartbeatTime     types.String   `tfsdk:"last_heartbeat_time"`
	LastInvokedTime       types.String   `tfsdk:"last_invoked_time"`
	OSType                types.String   `tfsdk:"os_type"`
	ActiveTaskCount       types.Int64    `tfsdk:"active_task_count"`
	InvocationCount       types.Int64    `tfsdk:"invocation_count"`
	SupportSessionManager types.Bool     `tfsdk:"support_session_manager"`
	RequestID             types.String   `tfsdk:"request_id"`
}

func (d *cloudAssistantDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_assistant"
}

func (d *cloudAssistantDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: description}
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		Description: "Reads the state of the Cloud Assistant agent on one Simple Application Server (the API's " +
			"DescribeCloudAssistantAttributes): whether it is online, its version, its last heartbeat. Commands run " +
			"only while the agent is online, which on a server just created, started or rebooted takes a while; set " +
			"`wait_until_online = true` to wait for it.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The `instance_id`."),
			"region_id": schema.StringAttribute{
				Optional:    true,
				Description: "The region of the server. Defaults to the provider's `region`; one of the two must be set.",
				Validators:  []validator.String{regionIDValidator},
			},
			"instance_id": schema.StringAttribute{
				Required:    true,
				Description: "The ID of the simple application server.",
				Validators:  []validator.String{instanceIDValidator},
			},
			"wait_until_online": schema.BoolAttribute{
				Optional: true,
				Description: "Read until the agent is online instead of reading once, within `timeouts.read`. Reads " +
					"start a second apart and grow to about a tenth of the time waited (at most 15 seconds), as when " +
					"waiting for a command. If the agent is still offline at the timeout, the read fails with the last " +
					"state seen. Defaults to `false`.",
			},
			"online":              schema.BoolAttribute{Computed: true, Description: "Whether the agent is online: it sent a heartbeat in the last two minutes. Commands run only while it is."},
			"version":             computed("The agent's version, e.g. `2.2.3.256`; null while the agent is not installed or not running."),
			"last_heartbeat_time": computed("When the agent last sent a heartbeat (about once a minute), e.g. `2021-03-15T09:00:00Z`; null if it never did."),
			"last_invoked_time":   computed("When a command was last run on the server; null if none was."),
			"os_type":             computed("The server's operating system: `Linux`, `Windows` or `FreeBSD`."),
			"active_task_count":   schema.Int64Attribute{Computed: true, Description: "How many commands are running on the server."},
			"invocation_count":    schema.Int64Attribute{Computed: true, Description: "How many commands have finished on the server."},
			"support_session_manager": schema.BoolAttribute{Computed: true, Description: "Whether the agent supports " +
				"session management (Linux agents from 2.2.3.189, Windows agents from 2.1.3.189)."},
			"request_id": computed("The ID of the API request that read the state, for support cases."),
		},
	}
}

func (d *cloudAssistantDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *cloudAssistantDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model cloudAssistantModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	instanceID := model.InstanceID.ValueString()
	call := apiRead{
		regionID: model.RegionID,
		timeouts: model.Timeouts,
		doing:    fmt.Sprintf("reading the Cloud Assistant agent of instance %s", instanceID),
		blame:    instanceBlame,
	}
	agent, region, ok := readAPI(ctx, d.data, call, func(ctx context.Context, region string) (*swasclient.CloudAssistant, error) {
		ref := swasclient.InstanceRef{RegionID: region, InstanceID: instanceID}
		if model.WaitUntilOnline.ValueBool() {
			return d.data.client.WaitForCloudAssistant(ctx, ref, d.data.wait.Poll)
		}
		return d.data.client.DescribeCloudAssistant(ctx, ref)
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
	m.Version = nullIfEmpty(a.Version)
	m.LastHeartbeatTime = nullIfEmpty(a.LastHeartbeatTime)
	m.LastInvokedTime = nullIfEmpty(a.LastInvokedTime)
	m.OSType = nullIfEmpty(a.OSType)
	m.ActiveTaskCount = types.Int64Value(a.ActiveTaskCount)
	m.InvocationCount = types.Int64Value(a.InvocationCount)
	m.SupportSessionManager = types.BoolValue(a.SupportSessionManager)
	m.RequestID = nullIfEmpty(a.RequestID)
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// explainAgentOffline is the diagnostic for an agent that did not come
// online in time: the last state seen, and what brings it online.
func (f apiFailure) explainAgentOffline(e *swasclient.AgentOfflineError) (title, detail string) {
	if errors.Is(e, context.Canceled) {
		return "Stopped waiting for Cloud Assistant", fmt.Sprintf("While %s the run was interrupted: %s.", f.doing, e)
	}
	todo := "If the server is stopped, start it. If the Cloud Assistant agent is not installed " +
		"(DescribeCloudAssistantStatus), install it with InstallCloudAssistant and reboot the server; it comes " +
		"online a minute or so after the server starts. If the server was just created or started, raise " +
		f.timeout() + "."
	if e.Installed != nil && !*e.Installed {
		todo = "Install the agent with InstallCloudAssistant (or the console's Cloud Assistant page) and reboot the " +
			"server; it comes online a minute or so after the server starts."
	}
	return "Cloud Assistant agent not online", fmt.Sprintf("While %s: %s.\n\nCommands run only while the agent is online. %s",
		f.doing, e, todo)
}
