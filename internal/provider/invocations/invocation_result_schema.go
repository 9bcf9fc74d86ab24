// Package invocations holds the types that read command runs:
// swas_invocation_result, one run's result, as a data source and as an
// ephemeral resource, and swas_invocations, the runs on a server.
package invocations

import (
	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	etimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// invocationResult is swas_invocation_result without what differs between
// the data source and the ephemeral resource.
type invocationResult struct {
	ID                types.String `tfsdk:"id"`
	RegionID          types.String `tfsdk:"region_id"`
	InstanceID        types.String `tfsdk:"instance_id"`
	InvokeID          types.String `tfsdk:"invoke_id"`
	WaitForCompletion types.Bool   `tfsdk:"wait_for_completion"`
	RequireSuccess    types.Bool   `tfsdk:"require_success"`
	framework.ResultFields
}

// resultDataSourceModel is the data source swas_invocation_result.
type resultDataSourceModel struct {
	invocationResult
	Timeouts dtimeouts.Value `tfsdk:"timeouts"`
}

// resultEphemeralModel is the ephemeral resource swas_invocation_result.
type resultEphemeralModel struct {
	invocationResult
	ShowOutputOnFailure types.Bool      `tfsdk:"show_output_on_failure"`
	Timeouts            etimeouts.Value `tfsdk:"timeouts"`
}

// resultAttributes is every attribute of swas_invocation_result that the
// data source and the ephemeral resource share, made for either by k.
func resultAttributes[A any](k kit[A]) map[string]A {
	return map[string]A{
		"id":          k.text("`<instance_id>:<invoke_id>`."),
		"region_id":   k.argument(false, framework.RegionIDDescription("the server"), framework.RegionIDValidator),
		"instance_id": k.argument(true, framework.InstanceIDDescription(" the command ran on"), framework.InstanceIDValidator),
		"invoke_id": k.argument(true, "The ID of the command's execution, e.g. `t-bj02prjhw1n1234`, as returned by "+
			"RunCommand or listed by DescribeInvocations.", framework.InvokeIDValidator),
		"wait_for_completion": k.flag("Wait until the invocation reaches a final status (Success, Failed, Error, " +
			"Timeout, Cancelled, Terminated, Invalid, Aborted) instead of reading it once. Polls start a second apart " +
			"and grow to about a tenth of the time waited (at most 15 seconds), within `" + k.timeout + "`. An invoke " +
			"id not found yet is read again for 30 seconds, since a command just started may not be visible at once. " +
			"Defaults to `false`."),
		"require_success": k.flag("Fail the read unless `invocation_status` is `Success`; the error gives the " +
			"status, exit code, error code and information, and the last lines of output, unless the output is kept " +
			"out of plans and the state (the ephemeral resource's `show_output_on_failure`). Resources that refer to " +
			"this read then run only after the command succeeded. Defaults to `false`."),
		"request_id":           k.text(framework.Result.RequestID),
		"invocation_status":    k.text(framework.Result.InvocationStatus),
		"invoke_record_status": k.text(framework.Result.InvokeRecordStatus),
		"exit_code":            k.number(framework.Result.ExitCode),
		"error_code":           k.text(framework.Result.ErrorCode),
		"error_info":           k.text(framework.Result.ErrorInfo),
		"start_time":           k.text(framework.Result.StartTime),
		"finished_time":        k.text(framework.Result.FinishedTime),
		"invoke_user":          k.text(framework.Result.InvokeUser),
		// The output is what is usually secret: hidden wherever it flows.
		"output":        k.secret(framework.Result.Output + k.outputNote),
		"output_base64": k.secret(framework.Result.OutputBase64 + k.outputNote),
	}
}

// kit makes swas_invocation_result's attributes for one kind of schema, a
// data source's or an ephemeral resource's, so that one literal describes
// both.
type kit[A any] struct {
	// text and number are computed results; secret is a computed result
	// hidden in plans.
	text, number, secret func(description string) A
	// argument is a string argument, required or optional.
	argument func(required bool, description string, v validator.String) A
	// flag is an optional bool argument.
	flag func(description string) A
	// timeout names the limit of the read, e.g. "timeouts.read".
	timeout string
	// outputNote ends the descriptions of the output.
	outputNote string
}

const resultDescription = "Reads the result of one Cloud Assistant command run on a Simple Application Server"

func resultDataSourceSchema() dschema.Schema {
	return dschema.Schema{
		Description: resultDescription + " (the API's DescribeInvocationResult). The read happens at plan time when " +
			"`instance_id` and `invoke_id` are known, otherwise at apply. To make other resources depend on the " +
			"command's success, set `require_success = true` (the read fails unless the status is `Success`), or test " +
			"`invocation_status` in a resource's `precondition` or in a `check` block; set `wait_for_completion = true` " +
			"to wait for a command that is still running.",
		Attributes: resultAttributes(kit[dschema.Attribute]{
			text: func(description string) dschema.Attribute {
				return dschema.StringAttribute{Computed: true, Description: description}
			},
			number: func(description string) dschema.Attribute {
				return dschema.Int64Attribute{Computed: true, Description: description}
			},
			secret: func(description string) dschema.Attribute {
				return dschema.StringAttribute{Computed: true, Sensitive: true, Description: description}
			},
			argument: func(required bool, description string, v validator.String) dschema.Attribute {
				return dschema.StringAttribute{Required: required, Optional: !required, Description: description,
					Validators: []validator.String{v}}
			},
			flag: func(description string) dschema.Attribute {
				return dschema.BoolAttribute{Optional: true, Description: description}
			},
			timeout: "timeouts.read",
			outputNote: " Sensitive: stored in the state, but hidden in plans and outputs; read it with the " +
				"`swas_invocation_result` ephemeral resource to keep it out of the state.",
		}),
		Blocks: map[string]dschema.Block{"timeouts": framework.DataSourceTimeouts()},
	}
}

func resultEphemeralSchema() eschema.Schema {
	attributes := resultAttributes(kit[eschema.Attribute]{
		text: func(description string) eschema.Attribute {
			return eschema.StringAttribute{Computed: true, Description: description}
		},
		number: func(description string) eschema.Attribute {
			return eschema.Int64Attribute{Computed: true, Description: description}
		},
		secret: func(description string) eschema.Attribute {
			return eschema.StringAttribute{Computed: true, Sensitive: true, Description: description}
		},
		// An optional argument is computed too: the read fills in what it
		// defaults to (region_id), and Terraform, unlike OpenTofu, rejects an
		// ephemeral result that changes an argument that is not computed.
		argument: func(required bool, description string, v validator.String) eschema.Attribute {
			return eschema.StringAttribute{Required: required, Optional: !required, Computed: !required,
				Description: description, Validators: []validator.String{v}}
		},
		flag: func(description string) eschema.Attribute {
			return eschema.BoolAttribute{Optional: true, Description: description}
		},
		timeout: "timeouts.open",
	})
	attributes["show_output_on_failure"] = eschema.BoolAttribute{
		Optional: true,
		Description: "Whether a `require_success` error shows the last lines of the output. Defaults to `false`: " +
			"this resource keeps the output out of plans and the state, and errors end up on screens and in CI " +
			"logs, so the error says where to read the output instead.",
	}
	return eschema.Schema{
		Description: resultDescription + ", like the `swas_invocation_result` data source, without writing it to the " +
			"plan or the state: for a command that prints a secret, such as a join token or a generated password. Its " +
			"values can go to a provider block, to a write-only argument such as `swas_run_command`'s " +
			"`command_content_wo`, to another ephemeral resource, or to an ephemeral output. The read happens whenever " +
			"OpenTofu or Terraform plans or applies a configuration that refers to it, once `instance_id` and " +
			"`invoke_id` are known; it waits, and fails, as the data source does. Needs Terraform 1.10 or OpenTofu " +
			"1.11 or later.",
		Attributes: attributes,
		Blocks:     map[string]eschema.Block{"timeouts": framework.EphemeralTimeouts()},
	}
}
