package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ datasource.DataSourceWithConfigure = (*invocationResultDataSource)(nil)

// NewInvocationResultDataSource is the swas_invocation_result data source.
func NewInvocationResultDataSource() datasource.DataSource {
	return &invocationResultDataSource{}
}

type invocationResultDataSource struct {
	data *providerData
}

type invocationResultModel struct {
	ID                types.String   `tfsdk:"id"`
	RegionID          types.String   `tfsdk:"region_id"`
	InstanceID        types.String   `tfsdk:"instance_id"`
	InvokeID          types.String   `tfsdk:"invoke_id"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	RequireSuccess    types.Bool     `tfsdk:"require_success"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	invocationResultFields
}

func (d *invocationResultDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invocation_result"
}

func (d *invocationResultDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.Attribute {
		return schema.StringAttribute{Computed: true, Description: description}
	}
	resp.Schema = schema.Schema{
		Description: "Reads the result of one Cloud Assistant command run on a Simple Application Server " +
			"(the API's DescribeInvocationResult). The read happens at plan time when `instance_id` and `invoke_id` " +
			"are known, otherwise at apply. To make other resources depend on the command's success, set " +
			"`require_success = true` (the read fails unless the status is `Success`), or test `invocation_status` " +
			"in a resource's `precondition` or in a `check` block; set `wait_for_completion = true` to wait for a " +
			"command that is still running.",
		Attributes: map[string]schema.Attribute{
			"id": computed("`<instance_id>:<invoke_id>`."),
			"region_id": schema.StringAttribute{
				Optional: true,
				Description: "The region of the server, e.g. `cn-hangzhou`. Defaults to the provider's `region`; " +
					"one of the two must be set.",
				Validators: []validator.String{regionIDValidator},
			},
			"instance_id": schema.StringAttribute{
				Required:    true,
				Description: "The ID of the simple application server the command ran on.",
				Validators:  []validator.String{instanceIDValidator},
			},
			"invoke_id": schema.StringAttribute{
				Required: true,
				Description: "The ID of the command's execution, e.g. `t-bj02prjhw1n1234`, as returned by RunCommand " +
					"or listed by DescribeInvocations.",
				Validators: []validator.String{invokeIDValidator},
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				Description: "Wait until the invocation reaches a final status (Success, Failed, Error, Timeout, " +
					"Cancelled, Terminated, Invalid, Aborted) instead of reading it once. Polls start a second apart " +
					"and grow to about a tenth of the time waited (at most 15 seconds), within `timeouts.read`. An " +
					"invoke id not found yet is read again for 30 seconds, since a command just started may not be " +
					"visible at once. Defaults to `false`.",
			},
			"require_success": schema.BoolAttribute{
				Optional: true,
				Description: "Fail the read unless `invocation_status` is `Success`; the error gives the status, exit " +
					"code, error code and information, and the last lines of output. Resources that refer to this data " +
					"source then run only after the command succeeded. Defaults to `false`.",
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
	maps.Copy(resp.Schema.Attributes, invocationResultAttributes(computed, func(description string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, Description: description}
	}))
}

func (d *invocationResultDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *invocationResultDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model invocationResultModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if model.read(ctx, d.data, model.Timeouts, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
	}
}

// read reads the invocation the model names, waiting when asked, sets its
// result, and checks require_success; it reports false after an error.
func (m *invocationResultModel) read(ctx context.Context, data *providerData, t readTimeouts, diags *diag.Diagnostics) bool {
	result, ref, ok := invocationRead{
		regionID:   m.RegionID,
		instanceID: m.InstanceID.ValueString(),
		invokeID:   m.InvokeID.ValueString(),
		timeouts:   t,
		wait:       m.WaitForCompletion.ValueBool(),
	}.read(ctx, data, diags)
	if !ok {
		return false
	}
	m.ID = types.StringValue(ref.InstanceID + ":" + ref.InvokeID)
	m.RegionID = types.StringValue(ref.RegionID)
	m.setResult(result, diags)
	if m.RequireSuccess.ValueBool() && result.InvocationStatus != swasclient.StatusSuccess {
		apiFailure{}.add(diags, &unsuccessfulError{result: result, output: m.Output.ValueString()})
		return false
	}
	return true
}
