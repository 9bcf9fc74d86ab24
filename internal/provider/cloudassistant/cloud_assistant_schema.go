// Package cloudassistant holds swas_cloud_assistant, the Cloud Assistant
// agent of one server: read once, or waited for until online.
package cloudassistant

import (
	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// cloudAssistantModel is the data source swas_cloud_assistant.
type cloudAssistantModel struct {
	ID                    types.String    `tfsdk:"id"`
	RegionID              types.String    `tfsdk:"region_id"`
	InstanceID            types.String    `tfsdk:"instance_id"`
	WaitUntilOnline       types.Bool      `tfsdk:"wait_until_online"`
	Timeouts              dtimeouts.Value `tfsdk:"timeouts"`
	Online                types.Bool      `tfsdk:"online"`
	Version               types.String    `tfsdk:"version"`
	LastHeartbeatTime     types.String    `tfsdk:"last_heartbeat_time"`
	LastInvokedTime       types.String    `tfsdk:"last_invoked_time"`
	OSType                types.String    `tfsdk:"os_type"`
	ActiveTaskCount       types.Int64     `tfsdk:"active_task_count"`
	InvocationCount       types.Int64     `tfsdk:"invocation_count"`
	SupportSessionManager types.Bool      `tfsdk:"support_session_manager"`
	RequestID             types.String    `tfsdk:"request_id"`
}

func cloudAssistantSchema() dschema.Schema {
	computed := framework.DataSourceString
	return dschema.Schema{
		Description: "Reads the state of the Cloud Assistant agent on one Simple Application Server (the API's " +
			"DescribeCloudAssistantAttributes): whether it is online, its version, its last heartbeat. Commands run " +
			"only while the agent is online, which on a server just created, started or rebooted takes a while; set " +
			"`wait_until_online = true` to wait for it.",
		Attributes: map[string]dschema.Attribute{
			"id":          computed("The `instance_id`."),
			"region_id":   framework.DataSourceRegionID("the server"),
			"instance_id": framework.DataSourceInstanceID(""),
			"wait_until_online": dschema.BoolAttribute{
				Optional: true,
				Description: "Read until the agent is online instead of reading once, within `timeouts.read`. Reads " +
					"start a second apart and grow to about a tenth of the time waited (at most 15 seconds), as when " +
					"waiting for a command. If the agent is still offline at the timeout, the read fails with the last " +
					"state seen. Defaults to `false`.",
			},
			"online": dschema.BoolAttribute{Computed: true, Description: "Whether the agent is online: it sent a " +
				"heartbeat in the last two minutes. Commands run only while it is."},
			"version": computed("The agent's version, e.g. `2.2.3.256`; null while the agent is not installed or not running."),
			"last_heartbeat_time": computed("When the agent last sent a heartbeat (about once a minute), e.g. " +
				"`2021-03-15T09:00:00Z`; null if it never did."),
			"last_invoked_time": computed("When a command was last run on the server; null if none was."),
			"os_type":           computed("The server's operating system: `Linux`, `Windows` or `FreeBSD`."),
			"active_task_count": dschema.Int64Attribute{Computed: true, Description: "How many commands are running on the server."},
			"invocation_count":  dschema.Int64Attribute{Computed: true, Description: "How many commands have finished on the server."},
			"support_session_manager": dschema.BoolAttribute{Computed: true, Description: "Whether the agent supports " +
				"session management (Linux agents from 2.2.3.189, Windows agents from 2.1.3.189)."},
			"request_id": computed("The ID of the API request that read the state, for support cases."),
		},
		Blocks: map[string]dschema.Block{"timeouts": framework.DataSourceTimeouts()},
	}
}
