package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// ResultFields are the attributes a DescribeInvocationResult read fills,
// in swas_invocation_result and swas_run_command alike; each schema that
// has them describes them with Result.
type ResultFields struct {
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

// Result describes the attributes of ResultFields.
var Result = struct {
	RequestID, InvocationStatus, InvokeRecordStatus, ExitCode, ErrorCode, ErrorInfo string
	StartTime, FinishedTime, InvokeUser, Output, OutputBase64                       string
}{
	RequestID: "The ID of the API request that returned this result, for support cases.",
	InvocationStatus: "The status of the execution: `Pending` (being verified or sent), " +
		"`Running`, `Stopping`, and the final ones `Success` (exit code 0), `Failed` (non-zero exit code), " +
		"`Error` (could not proceed), `Timeout`, `Cancelled` (never ran), `Terminated` (stopped while " +
		"running), `Invalid` (bad command type or parameter), `Aborted` (could not be sent to the server).",
	InvokeRecordStatus: "The status of the execution record: `Running`, `Finished`, `Failed` or `Stopped`.",
	ExitCode:           "The exit code of the command (of the shell, batch or PowerShell script); null when the API gives none.",
	ErrorCode: "Why the command could not be sent or did not succeed, e.g. `ExitCodeNonzero`, " +
		"`ExecutionTimeout`, `InstanceNotRunning`, `ClientNotRunning`; empty when it ran normally.",
	ErrorInfo:    "The error message that goes with `error_code`; empty when the command ran normally.",
	StartTime:    "When the execution started, e.g. `2022-07-11T06:37:16Z`; empty while pending.",
	FinishedTime: "When the execution ended, e.g. `2022-07-11T06:37:17Z`; empty while it runs.",
	InvokeUser:   "The user the command ran as on the server, e.g. `root`.",
	Output: "The command's output as text, decoded from `output_base64`. Bytes that are not UTF-8, " +
		"such as a character split where the API cut a long output, are replaced with U+FFFD, with a warning. " +
		"Null, with a warning, when the output is not valid base64.",
	OutputBase64: "The command's output exactly as the API returns it, base64-encoded.",
}

// SetResult copies the API's answer, decoding the output.
func (f *ResultFields) SetResult(r *swasclient.InvocationResult, diags *diag.Diagnostics) {
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

	text, replaced, err := DecodeOutput(r.OutputBase64)
	switch {
	case err != nil:
		f.Output = types.StringNull()
		diags.AddAttributeWarning(path.Root("output"), "Output is not text",
			fmt.Sprintf("The output of invocation %s cannot be decoded: %s. output is null; output_base64 holds the "+
				"output exactly as the API returned it.", r.InvokeID, err))
	case replaced > 0:
		f.Output = types.StringValue(text)
		diags.AddAttributeWarning(path.Root("output"), "Output not all text",
			ReplacedBytesDetail("invocation "+r.InvokeID, replaced))
	default:
		f.Output = types.StringValue(text)
	}
	if !swasclient.KnownStatus(r.InvocationStatus) {
		diags.AddAttributeWarning(path.Root("invocation_status"), "Unknown invocation status",
			fmt.Sprintf("The API reported status %q, which this provider version does not know. It is treated as "+
				"final and not as success; a newer provider version may know it.", r.InvocationStatus))
	}
}

// ResultRequest names one run whose result ReadResult reads, and how.
type ResultRequest struct {
	RegionID   types.String
	InstanceID string
	InvokeID   string
	Timeout    Timeout
	// Wait reads until the status is final.
	Wait     bool
	NotFound func(region string, err error, diags *diag.Diagnostics)
}

// ReadResult reads one run's result, for swas_invocation_result and for
// swas_run_command's refresh. It returns the result with where it was
// read, or false after a diagnostic.
func ReadResult(ctx context.Context, data *ProviderData, r ResultRequest, diags *diag.Diagnostics) (*swasclient.InvocationResult, swasclient.InvocationRef, bool) {
	op := Operation{
		RegionID: r.RegionID,
		Timeout:  r.Timeout,
		Doing:    fmt.Sprintf("reading invocation %s on instance %s", r.InvokeID, r.InstanceID),
		Blame:    InvocationBlame,
		NotFound: r.NotFound,
	}
	var ref swasclient.InvocationRef
	result, _, ok := Call(ctx, data, op, func(ctx context.Context, region string) (*swasclient.InvocationResult, error) {
		ref = swasclient.InvocationRef{RegionID: region, InstanceID: r.InstanceID, InvokeID: r.InvokeID}
		if r.Wait {
			return data.Client.WaitForInvocation(ctx, ref, data.Wait)
		}
		return data.Client.DescribeInvocationResult(ctx, ref)
	}, diags)
	return result, ref, ok
}
