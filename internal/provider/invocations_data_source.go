package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*invocationsDataSource)(nil)

// maxListedInvocations caps what one read lists: the API keeps two weeks
// of results, and a plan should not page through all of them.
const maxListedInvocations = 1000

// invokeStatuses are the values DescribeInvocations filters on.
var invokeStatuses = []string{"Running", "Finished", "Failed", "Stopped"}

// NewInvocationsDataSource is the swas_invocations data source.
func NewInvocationsDataSource() datasource.DataSource {
	return &invocationsDataSource{}
}

type invocationsDataSource struct {
	data *providerData
}

type invocationsModel struct {
	ID             types.String      `tfsdk:"id"`
	RegionID       types.String      `tfsdk:"region_id"`
	InstanceID     types.String      `tfsdk:"instance_id"`
	InvokeStatus   types.String      `tfsdk:"invoke_status"`
	Timeouts       timeouts.Value    `tfsdk:"timeouts"`
	TotalCount     types.Int64       `tfsdk:"total_count"`
	LatestInvokeID types.String      `tfsdk:"latest_invoke_id"`
	Invocations    []invocationModel `tfsdk:"invocations"`
}

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

func (d *invocationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invocations"
}

func (d *invocationsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: description}
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		Description: fmt.Sprintf("Lists the Cloud Assistant commands run on a Simple Application Server (the API's "+
			"DescribeInvocations), so that a configuration that knows the server but not the invoke id can find it. "+
			"Results are kept by the API for two weeks; at most %d are listed, in the API's order.", maxListedInvocations),
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
			"invoke_status": schema.StringAttribute{
				Optional: true,
				Description: "List only the invocations in this state: `Running`, `Finished`, `Failed` or `Stopped`. " +
					"All when unset.",
				Validators: []validator.String{stringvalidator.OneOf(invokeStatuses...)},
			},
			"total_count": schema.Int64Attribute{Computed: true, Description: "How many invocations the API reports as matching; more than are listed when it exceeds the cap."},
			"latest_invoke_id": computed("The `invoke_id` of the most recently created invocation listed, or null when " +
				"there is none: feed it to `swas_invocation_result`."),
			"invocations": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The invocations that match, in the API's order.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"invoke_id":    computed("The ID of the execution."),
						"command_name": computed("The name of the command."),
						"command_type": computed("The type of the command: `RunShellScript`, `RunBatScript` or `RunPowerShellScript`."),
						"command_content": schema.StringAttribute{Computed: true, Sensitive: true,
							Description: "The command's script as text, decoded from the base64 the API returns. When it " +
								"does not decode to text, the API's value is kept as is, with a warning. Sensitive."},
						"creation_time":     computed("When the execution was created, e.g. `2022-07-11T06:37:16Z`."),
						"invocation_status": computed("The status of the execution, as in `swas_invocation_result`."),
						"invoke_status":     computed("The state of the execution: `Running`, `Finished`, `Failed` or `Stopped`."),
						"parameters": schema.MapAttribute{
							Computed:    true,
							Sensitive:   true,
							ElementType: types.StringType,
							Description: "The custom parameters the command ran with; values that are not strings are given as JSON. Sensitive.",
						},
					},
				},
			},
		},
	}
}

func (d *invocationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *invocationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model invocationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	instanceID := model.InstanceID.ValueString()
	read := apiRead{
		regionID: model.RegionID,
		timeouts: model.Timeouts,
		doing:    "listing the invocations on instance " + instanceID,
		blame:    instanceBlame,
	}
	list, region, ok := readAPI(ctx, d.data, read, func(ctx context.Context, region string) (*swasclient.InvocationList, error) {
		filter := swasclient.InvocationFilter{RegionID: region, InstanceID: instanceID, InvokeStatus: model.InvokeStatus.ValueString()}
		return d.data.client.DescribeInvocations(ctx, filter, maxListedInvocations)
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
		model.Invocations = append(model.Invocations, invocationFromAPI(inv, &resp.Diagnostics))
	}
	model.LatestInvokeID = types.StringNull()
	if latest := latestInvocation(list.Invocations); latest != nil {
		model.LatestInvokeID = types.StringValue(latest.InvokeID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

func invocationFromAPI(inv swasclient.Invocation, diags *diag.Diagnostics) invocationModel {
	// The script is compared with a configuration's after an import: only
	// an exact decoding will do.
	content, replaced, err := decodeOutput(inv.CommandContent)
	if err == nil && replaced > 0 {
		err = fmt.Errorf("%d bytes are not UTF-8 text", replaced)
	}
	if err != nil {
		content = inv.CommandContent
		diags.AddAttributeWarning(path.Root("invocations"), "Command content is not text",
			fmt.Sprintf("The command content of invocation %s cannot be decoded: %s. command_content holds the API's value as is.",
				inv.InvokeID, err))
	}
	parameters := make(map[string]string, len(inv.Parameters))
	for name, value := range inv.Parameters {
		if s, isString := value.(string); isString {
			parameters[name] = s
			continue
		}
		encoded, err := json.Marshal(value)
		if err != nil {
			encoded = []byte(fmt.Sprint(value))
		}
		parameters[name] = string(encoded)
	}
	parameterMap, mapDiags := types.MapValueFrom(context.Background(), types.StringType, parameters)
	diags.Append(mapDiags...)
	return invocationModel{
		InvokeID:         types.StringValue(inv.InvokeID),
		CommandName:      types.StringValue(inv.CommandName),
		CommandType:      types.StringValue(inv.CommandType),
		CommandContent:   types.StringValue(content),
		CreationTime:     types.StringValue(inv.CreationTime),
		InvocationStatus: types.StringValue(inv.InvocationStatus),
		InvokeStatus:     types.StringValue(inv.InvokeStatus),
		Parameters:       parameterMap,
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
