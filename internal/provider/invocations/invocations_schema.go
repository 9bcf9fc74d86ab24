package invocations

import (
	"fmt"

	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// invocationsModel is the data source swas_invocations.
type invocationsModel struct {
	ID             types.String      `tfsdk:"id"`
	RegionID       types.String      `tfsdk:"region_id"`
	InstanceID     types.String      `tfsdk:"instance_id"`
	InvokeStatus   types.String      `tfsdk:"invoke_status"`
	Timeouts       dtimeouts.Value   `tfsdk:"timeouts"`
	TotalCount     types.Int64       `tfsdk:"total_count"`
	LatestInvokeID types.String      `tfsdk:"latest_invoke_id"`
	Invocations    []invocationModel `tfsdk:"invocations"`
}

// invocationModel is one of invocations.
type invocationModel struct {
	InvokeID         types.String `tfsdk:"invoke_id"`
	CommandName      types.String `tfsdk:"command_name"`
	CommandType      types.String `tfsdk:"command_type"`
	CommandContent   types.String `tfsdk:"command_content"`
	CreationTime     types.String `tfsdk:"creation_time"`
	InvocationStatus types.String `tfsdk:"invocation_status"`
	InvokeStatus     types.String `tfsdk:"invoke_status"`
	Parameters       types.Map    `tfsdk:"parameters"`
}

func invocationsSchema() dschema.Schema {
	computed := framework.DataSourceString
	return dschema.Schema{
		Description: fmt.Sprintf("Lists the Cloud Assistant commands run on a Simple Application Server (the API's "+
			"DescribeInvocations), so that a configuration that knows the server but not the invoke id can find it. "+
			"Results are kept by the API for two weeks; at most %d are listed, in the API's order.", framework.MaxListedInvocations),
		Attributes: map[string]dschema.Attribute{
			"id":          computed("The `instance_id`."),
			"region_id":   framework.DataSourceRegionID("the server"),
			"instance_id": framework.DataSourceInstanceID(""),
			"invoke_status": dschema.StringAttribute{
				Optional: true,
				Description: "List only the invocations in this state: `Running`, `Finished`, `Failed` or `Stopped`. " +
					"All when unset.",
				Validators: []validator.String{stringvalidator.OneOf(framework.InvokeStatuses...)},
			},
			"total_count": dschema.Int64Attribute{Computed: true, Description: "How many invocations the API reports " +
				"as matching; more than are listed when it exceeds the cap."},
			"latest_invoke_id": computed("The `invoke_id` of the most recently created invocation listed, or null when " +
				"there is none: feed it to `swas_invocation_result`."),
			"invocations": dschema.ListNestedAttribute{
				Computed:    true,
				Description: "The invocations that match, in the API's order.",
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"invoke_id":    computed("The ID of the execution."),
					"command_name": computed("The name of the command."),
					"command_type": computed("The language of the command's script: " + framework.CommandTypeNames + "."),
					"command_content": dschema.StringAttribute{Computed: true, Sensitive: true,
						Description: "The command's script as text, decoded from the base64 the API returns. When it " +
							"does not decode to text, the API's value is kept as is, with a warning. Sensitive."},
					"creation_time":     computed("When the execution was created, e.g. `2022-07-11T06:37:16Z`."),
					"invocation_status": computed("The status of the execution, as in `swas_invocation_result`."),
					"invoke_status":     computed("The state of the execution: `Running`, `Finished`, `Failed` or `Stopped`."),
					"parameters": dschema.MapAttribute{
						Computed:    true,
						Sensitive:   true,
						ElementType: types.StringType,
						Description: "The custom parameters the command ran with; values that are not strings are " +
							"given as JSON. Sensitive.",
					},
				}},
			},
		},
		Blocks: map[string]dschema.Block{"timeouts": framework.DataSourceTimeouts()},
	}
}
