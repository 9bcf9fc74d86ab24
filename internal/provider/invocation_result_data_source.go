package provider

import (
	"context"

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

// invocationResult is swas_invocation_result without its timeouts, which
// differ between the data source and the ephemeral resource.
type invocationResult struct {
	ID                types.String `tfsdk:"id"`
	RegionID          types.String `tfsdk:"region_id"`
	InstanceID        types.String `tfsdk:"instance_id"`
	InvokeID          types.String `tfsdk:"invoke_id"`
	WaitForCompletion types.Bool   `tfsdk:"wait_for_completion"`
	RequireSuccess    types.Bool   `tfsdk:"require_success"`
	invocationResultFields
}

type invocationResultModel struct {
	invocationResult
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (d *invocationResultDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invocation_result"
}

// dataSourceKit makes a data source's attributes.
var dataSourceKit = schemaKit[schema.Attribute]{
	text: func(description string) schema.Attribute {
		return schema.StringAttribute{Computed: true, Description: description}
	},
	number: func(description string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, Description: description}
	},
	argument: func(required bool, description string, v validator.String) schema.Attribute {
		return schema.StringAttribute{Required: required, Optional: !required, Description: description, Validators: []validator.String{v}}
	},
	flag: func(description string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, Description: description}
	},
	timeouts: "timeouts.read",
}

func (d *invocationResultDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := invocationResultSchema(dataSourceKit)
	// The output is what is usually secret: hidden in plans, though stored;
	// the ephemeral resource keeps it out of the state.
	for _, name := range []string{"output", "output_base64"} {
		output := attributes[name].(schema.StringAttribute) //nolint:forcetypeassert // made by dataSourceKit.text
		output.Sensitive = true
		output.Description += " Sensitive: stored in the state, but hidden in plans and outputs; read it with the " +
			"`swas_invocation_result` ephemeral resource to keep it out of the state."
		attributes[name] = output
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		Description: "Reads the result of one Cloud Assistant command run on a Simple Application Server " +
			"(the API's DescribeInvocationResult). The read happens at plan time when `instance_id` and `invoke_id` " +
			"are known, otherwise at apply. To make other resources depend on the command's success, set " +
			"`require_success = true` (the read fails unless the status is `Success`), or test `invocation_status` " +
			"in a resource's `precondition` or in a `check` block; set `wait_for_completion = true` to wait for a " +
			"command that is still running.",
		Attributes: attributes,
	}
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
	// The data source stores the output: its errors may quote it.
	if model.read(ctx, d.data, model.Timeouts, failureOutput{}, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
	}
}

// read reads the invocation the model names, waiting when asked, sets its
// result, and checks require_success, whose error quotes the output as
// shown says; it reports false after an error. The data source and the
// ephemeral resource share it.
func (m *invocationResult) read(ctx context.Context, data *providerData, t readTimeouts, shown failureOutput, diags *diag.Diagnostics) bool {
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
		apiFailure{}.add(diags, &unsuccessfulError{result: result, output: m.Output.ValueString(), shown: shown})
		return false
	}
	return true
}
