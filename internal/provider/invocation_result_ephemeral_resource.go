package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*invocationResultEphemeralResource)(nil)

// NewInvocationResultEphemeralResource is the swas_invocation_result
// ephemeral resource: the data source's read, never written to a plan or
// state.
func NewInvocationResultEphemeralResource() ephemeral.EphemeralResource {
	return &invocationResultEphemeralResource{}
}

type invocationResultEphemeralResource struct {
	data *providerData
}

type invocationResultEphemeralModel struct {
	invocationResult
	ShowOutputOnFailure types.Bool     `tfsdk:"show_output_on_failure"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// openTimeouts bounds the read by timeouts.open, the one limit of an
// ephemeral resource.
type openTimeouts struct {
	timeouts.Value
}

func (t openTimeouts) Read(ctx context.Context, defaultTimeout time.Duration) (time.Duration, diag.Diagnostics) {
	return t.Open(ctx, defaultTimeout)
}

func (openTimeouts) setting() string { return "timeouts.open" }

// ephemeralKit makes an ephemeral resource's attributes.
var ephemeralKit = schemaKit[schema.Attribute]{
	text: func(description string) schema.Attribute {
		return schema.StringAttribute{Computed: true, Description: description}
	},
	number: func(description string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, Description: description}
	},
	// An optional argument is computed too: the read fills in what it
	// defaults to (region_id), and Terraform, unlike OpenTofu, rejects an
	// ephemeral result that changes an argument that is not computed.
	argument: func(required bool, description string, v validator.String) schema.Attribute {
		return schema.StringAttribute{
			Required: required, Optional: !required, Computed: !required,
			Description: description, Validators: []validator.String{v},
		}
	},
	flag: func(description string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, Description: description}
	},
	timeouts: "timeouts.open",
}

func (r *invocationResultEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invocation_result"
}

func (r *invocationResultEphemeralResource) Schema(ctx context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attributes := invocationResultSchema(ephemeralKit)
	attributes["show_output_on_failure"] = schema.BoolAttribute{
		Optional: true,
		Description: "Whether a `require_success` error shows the last lines of the output. Defaults to `false`: " +
			"this resource keeps the output out of plans and the state, and errors end up on screens and in CI " +
			"logs, so the error says where to read the output instead.",
	}
	// The output is what is usually secret: hidden wherever it flows.
	for _, name := range []string{"output", "output_base64"} {
		output := attributes[name].(schema.StringAttribute) //nolint:forcetypeassert // made by ephemeralKit.text
		output.Sensitive = true
		attributes[name] = output
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": ephemeralTimeoutsBlock(ctx)},
		Description: "Reads the result of one Cloud Assistant command run on a Simple Application Server, like the " +
			"`swas_invocation_result` data source, without writing it to the plan or the state: for a command that " +
			"prints a secret, such as a join token or a generated password. Its values can go to a provider block, " +
			"to a write-only argument such as `swas_run_command`'s `command_content_wo`, to another ephemeral " +
			"resource, or to an ephemeral output. The read happens whenever OpenTofu or Terraform plans or applies " +
			"a configuration that refers to it, once `instance_id` and `invoke_id` are known; it waits, and fails, " +
			"as the data source does. Needs Terraform 1.10 or OpenTofu 1.11 or later.",
		Attributes: attributes,
	}
}

// ephemeralTimeoutsBlock is `timeouts { open = "..." }`, a block so that
// an unknown key, read included, is rejected.
func ephemeralTimeoutsBlock(ctx context.Context) schema.Block {
	block := timeouts.BlockWithOpts(ctx, timeouts.Opts{ //nolint:forcetypeassert // always a SingleNestedBlock
		OpenDescription: fmt.Sprintf("How long the read may take, waiting and retries included, as a "+
			"duration such as `30s` or `10m`. Defaults to `%s`.", defaultReadTimeout),
	}).(schema.SingleNestedBlock)
	block.Description = "Time limits of the read."
	open := block.Attributes["open"].(schema.StringAttribute) //nolint:forcetypeassert // a string
	open.Validators = []validator.String{durationValidator{}}
	block.Attributes["open"] = open
	return block
}

func (r *invocationResultEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

// Open reads the result as the data source does.
func (r *invocationResultEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var model invocationResultEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	shown := failureOutput{
		show:    model.ShowOutputOnFailure,
		keptOut: "the swas_invocation_result ephemeral resource keeps it out of plans and the state",
		readIt: fmt.Sprintf("Read it in the console's command history of instance %s, invoke ID %s, or with the "+
			"API's DescribeInvocationResult; or set require_success = false and test invocation_status in a "+
			"precondition", model.InstanceID.ValueString(), model.InvokeID.ValueString()),
	}
	if model.read(ctx, r.data, openTimeouts{model.Timeouts}, shown, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.Result.Set(ctx, &model)...)
	}
}
