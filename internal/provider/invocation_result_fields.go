package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// invocationResultFields are the attributes a DescribeInvocationResult read
// fills, in swas_invocation_result and swas_run_command alike.
type invocationResultFields struct {
	RequestID          types.String `tfsdk:"request_id"`
	InvocationStatus   types.String `tfsdk:"invocation_status"`
	InvokeRecordStatus types.String `tfsdk:"invoke_record_status"`
	ExitCode           types.Int64  `tfsdk:"exit_code"`
	ErrorCode          types.String `tfsdk:"error_code"`
	ErrorInfo          types.String `tfsdk:"error_info"`
	StartTime          types.String `tfsdk:"start_time"`
	FinishedTime       types.String `tfsdk:"finished_time"`
	InvokeUser         types.String `tfsdk:"invoke_user"`
	Output             types.String `tfsdk:"output"`
	OutputBase64       types.String `tfsdk:"output_base64"`
}

// invocationResultAttributes builds the schema attributes of those fields
// for a data source or a resource: exit_code is the one number.
func invocationResultAttributes[A any](text, number func(description string) A) map[string]A {
	attributes := map[string]A{
		"exit_code": number("The exit code of the command (of the shell, batch or PowerShell script); null when the API gives none."),
	}
	for name, description := range map[string]string{
		"request_id": "The ID of the API request that returned this result, for support cases.",
		"invocation_status": "The status of the execution: `Pending` (being verified or sent), " +
			"`Running`, `Stopping`, and the final ones `Success` (exit code 0), `Failed` (non-zero exit code), " +
			"`Error` (could not proceed), `Timeout`, `Cancelled` (never ran), `Terminated` (stopped while " +
			"running), `Invalid` (bad command type or parameter), `Aborted` (could not be sent to the server).",
		"invoke_record_status": "The status of the execution record: `Running`, `Finished`, `Failed` or `Stopped`.",
		"error_code": "Why the command could not be sent or did not succeed, e.g. `ExitCodeNonzero`, " +
			"`ExecutionTimeout`, `InstanceNotRunning`, `ClientNotRunning`; empty when it ran normally.",
		"error_info":    "The error message that goes with `error_code`; empty when the command ran normally.",
		"start_time":    "When the execution started, e.g. `2022-07-11T06:37:16Z`; empty while pending.",
		"finished_time": "When the execution ended, e.g. `2022-07-11T06:37:17Z`; empty while it runs.",
		"invoke_user":   "The user the command ran as on the server, e.g. `root`.",
		"output": "The command's output as text, decoded from `output_base64`. Bytes that are not UTF-8, " +
			"such as a character split where the API cut a long output, are replaced with U+FFFD, with a warning. " +
			"Null, with a warning, when the output is not valid base64.",
		"output_base64": "The command's output exactly as the API returns it, base64-encoded.",
	} {
		attributes[name] = text(description)
	}
	return attributes
}

// setResult copies the API's answer, decoding the output.
func (f *invocationResultFields) setResult(r *swasclient.InvocationResult, diags *diag.Diagnostics) {
	f.RequestID = types.StringValue(r.RequestID)
	f.InvocationStatus = types.StringValue(r.InvocationStatus)
	f.InvokeRecordStatus = types.StringValue(r.InvokeRecordStatus)
	f.ExitCode = types.Int64PointerValue(r.ExitCode)
	f.ErrorCode = types.StringValue(r.ErrorCode)
	f.ErrorInfo = types.StringValue(r.ErrorInfo)
	f.StartTime = types.StringValue(r.StartTime)
	f.FinishedTime = types.StringValue(r.FinishedTime)
	f.InvokeUser = types.StringValue(r.InvokeUser)
	f.OutputBase64 = types.StringValue(r.OutputBase64)

	text, replaced, err := decodeOutput(r.OutputBase64)
	switch {
	case err != nil:
		f.Output = types.StringNull()
		diags.AddAttributeWarning(path.Root("output"), "Output is not text",
			fmt.Sprintf("The output of invocation %s cannot be decoded: %s. output is null; output_base64 holds the "+
				"output exactly as the API returned it.", r.InvokeID, err))
	case replaced > 0:
		f.Output = types.StringValue(text)
		diags.AddAttributeWarning(path.Root("output"), "Output not all text",
			replacedBytesDetail("invocation "+r.InvokeID, replaced))
	default:
		f.Output = types.StringValue(text)
	}
	if !swasclient.KnownStatus(r.InvocationStatus) {
		diags.AddAttributeWarning(path.Root("invocation_status"), "Unknown invocation status",
			fmt.Sprintf("The API reported status %q, which this provider version does not know. It is treated as "+
				"final and not as success; a newer provider version may know it.", r.InvocationStatus))
	}
}
