package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// instanceResultModel is one server's entry of results.
type instanceResultModel struct {
	InvocationStatus types.String `tfsdk:"invocation_status"`
	ExitCode         types.Int64  `tfsdk:"exit_code"`
	ErrorCode        types.String `tfsdk:"error_code"`
	ErrorInfo        types.String `tfsdk:"error_info"`
	StartTime        types.String `tfsdk:"start_time"`
	FinishTime       types.String `tfsdk:"finish_time"`
	Output           types.String `tfsdk:"output"`
	OutputBase64     types.String `tfsdk:"output_base64"`
}

var instanceResultType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"invocation_status": types.StringType, "exit_code": types.Int64Type, "error_code": types.StringType,
	"error_info": types.StringType, "start_time": types.StringType, "finish_time": types.StringType,
	"output": types.StringType, "output_base64": types.StringType,
}}

// setResults copies the invocation as read: the overall status and every
// server's result, with its output decoded, unless store_output is false.
func (m *commandInvocationModel) setResults(ctx context.Context, inv *swasclient.CommandInvocation, diags *diag.Diagnostics) {
	results := make(map[string]instanceResultModel, len(inv.Instances))
	for _, in := range inv.Instances {
		result := instanceResultModel{
			InvocationStatus: types.StringValue(in.InvocationStatus), ExitCode: types.Int64PointerValue(in.ExitCode),
			ErrorCode: types.StringValue(in.ErrorCode), ErrorInfo: types.StringValue(in.ErrorInfo),
			StartTime: types.StringValue(in.StartTime), FinishTime: types.StringValue(in.FinishTime),
			Output: types.StringNull(), OutputBase64: types.StringValue(in.OutputBase64),
		}
		at := path.Root("results").AtMapKey(in.InstanceID).AtName("output")
		text, replaced, err := decodeOutput(in.OutputBase64)
		switch {
		case m.StoreOutput.Equal(types.BoolValue(false)):
			// Not stored: nothing to decode, or to warn about.
			result.OutputBase64 = types.StringNull()
		case err != nil:
			diags.AddAttributeWarning(at, "Output is not text",
				fmt.Sprintf("The output of invocation %s on instance %s cannot be decoded: %s. output is null; "+
					"output_base64 holds the output exactly as the API returned it.", inv.InvokeID, in.InstanceID, err))
		case replaced > 0:
			result.Output = types.StringValue(text)
			diags.AddAttributeWarning(at, "Output not all text",
				replacedBytesDetail(fmt.Sprintf("invocation %s on instance %s", inv.InvokeID, in.InstanceID), replaced))
		default:
			result.Output = types.StringValue(text)
		}
		results[in.InstanceID] = result
	}
	value, mapDiags := types.MapValueFrom(ctx, instanceResultType, results)
	diags.Append(mapDiags...)
	m.Results = value
	m.InvocationStatus = types.StringValue(inv.InvocationStatus)
}

// finished reports whether every server's result in the state is final,
// as swasclient's Finished decides for a wait: no result is not final.
func (m *commandInvocationModel) finished(ctx context.Context) bool {
	if m.Results.IsNull() || m.Results.IsUnknown() {
		return false
	}
	results := map[string]instanceResultModel{}
	if m.Results.ElementsAs(ctx, &results, false).HasError() {
		return false
	}
	for _, r := range results {
		if swasclient.InProgress(r.InvocationStatus.ValueString()) {
			return false
		}
	}
	return len(results) > 0
}

// succeededEverywhere reports whether every server's status is Success.
func succeededEverywhere(inv *swasclient.CommandInvocation) bool {
	for _, in := range inv.Instances {
		if in.InvocationStatus != swasclient.StatusSuccess {
			return false
		}
	}
	return len(inv.Instances) > 0
}

// fleetUnsuccessfulError is a fleet run that require_success rejects: some
// server ended otherwise than Success.
type fleetUnsuccessfulError struct {
	invocation *swasclient.CommandInvocation
	// shown decides whether the servers' outputs are quoted.
	shown failureOutput
}

func (e *fleetUnsuccessfulError) Error() string {
	return fmt.Sprintf("invocation %s is %s", e.invocation.InvokeID, e.invocation.InvocationStatus)
}

// failedAndSucceeded splits the servers, each sorted by id.
func (e *fleetUnsuccessfulError) failedAndSucceeded() (failed []swasclient.InstanceResult, succeeded []string) {
	for _, in := range e.invocation.Instances {
		if in.InvocationStatus == swasclient.StatusSuccess {
			succeeded = append(succeeded, in.InstanceID)
		} else {
			failed = append(failed, in)
		}
	}
	slices.Sort(succeeded)
	slices.SortFunc(failed, func(a, b swasclient.InstanceResult) int { return strings.Compare(a.InstanceID, b.InstanceID) })
	return failed, succeeded
}

func (e *fleetUnsuccessfulError) explain() (title, detail string) {
	inv := e.invocation
	failed, succeeded := e.failedAndSucceeded()
	var b strings.Builder
	fmt.Fprintf(&b, "Invocation %s of command %s did not succeed on %d of %s, and require_success needs "+
		"Success on every one:\n", inv.InvokeID, inv.CommandID, len(failed), plural(len(inv.Instances), "server"))
	for _, in := range failed {
		fmt.Fprintf(&b, "\n- %s: status %s", in.InstanceID, in.InvocationStatus)
		if in.ExitCode != nil {
			fmt.Fprintf(&b, ", exit code %d", *in.ExitCode)
		}
		if in.ErrorCode != "" {
			fmt.Fprintf(&b, ", error code %s", in.ErrorCode)
		}
		if in.ErrorInfo != "" {
			fmt.Fprintf(&b, " (%s)", in.ErrorInfo)
		}
		if text, _, err := decodeOutput(in.OutputBase64); err == nil && strings.TrimSpace(text) != "" && e.shown.quoted() {
			lines := strings.ReplaceAll(lastLines(text, failureOutputLines), "\n", "\n    ")
			fmt.Fprintf(&b, "\n  Last lines of output:\n    %s", lines)
		}
	}
	if !e.shown.quoted() {
		b.WriteString("\n\n" + e.shown.withheld())
	}
	if len(succeeded) == 0 {
		b.WriteString("\n\nNo server succeeded.")
	} else {
		fmt.Fprintf(&b, "\n\nSucceeded on %d: %s.", len(succeeded), strings.Join(succeeded, ", "))
	}
	b.WriteString("\n\nEvery server's result is in results. Fix the command or the servers and run it again, or " +
		"set require_success = false to accept unsuccessful results.")
	return "Command did not succeed on every server", b.String()
}
