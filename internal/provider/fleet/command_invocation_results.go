package fleet

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// serverRun is one server's part of a rollout: the batch that ran it and
// its result as last read.
type serverRun struct {
	invokeID string
	result   swasclient.InstanceResult
}

// instanceResultModel is one server's entry of results.
type instanceResultModel struct {
	InvokeID         types.String `tfsdk:"invoke_id"`
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
	"invoke_id": types.StringType, "invocation_status": types.StringType, "exit_code": types.Int64Type, "error_code": types.StringType,
	"error_info": types.StringType, "start_time": types.StringType, "finish_time": types.StringType,
	"output": types.StringType, "output_base64": types.StringType,
}}

// resultsFrom is the result of every server run as read, its output
// decoded, unless stored is false.
func resultsFrom(ctx context.Context, runs []serverRun, stored bool, diags *diag.Diagnostics) types.Map {
	results := make(map[string]instanceResultModel, len(runs))
	for _, run := range runs {
		in := run.result
		result := instanceResultModel{
			InvokeID:         types.StringValue(run.invokeID),
			InvocationStatus: types.StringValue(in.InvocationStatus), ExitCode: types.Int64PointerValue(in.ExitCode),
			ErrorCode: types.StringValue(in.ErrorCode), ErrorInfo: types.StringValue(in.ErrorInfo),
			StartTime: types.StringValue(in.StartTime), FinishTime: types.StringValue(in.FinishTime),
			Output: types.StringNull(), OutputBase64: types.StringValue(in.OutputBase64),
		}
		at := path.Root("results").AtMapKey(in.InstanceID).AtName("output")
		text, replaced, err := framework.DecodeOutput(in.OutputBase64)
		switch {
		case !stored:
			// Not stored: nothing to decode, or to warn about.
			result.OutputBase64 = types.StringNull()
		case err != nil:
			diags.AddAttributeWarning(at, "Output is not text",
				fmt.Sprintf("The output of invocation %s on instance %s cannot be decoded: %s. output is null; "+
					"output_base64 holds the output exactly as the API returned it.", run.invokeID, in.InstanceID, err))
		case replaced > 0:
			result.Output = types.StringValue(text)
			diags.AddAttributeWarning(at, "Output not all text",
				framework.ReplacedBytesDetail(fmt.Sprintf("invocation %s on instance %s", run.invokeID, in.InstanceID), replaced))
		default:
			result.Output = types.StringValue(text)
		}
		results[in.InstanceID] = result
	}
	value, mapDiags := types.MapValueFrom(ctx, instanceResultType, results)
	diags.Append(mapDiags...)
	return value
}

// running lists, sorted, the servers whose result in results is not final,
// as swasclient's Finished decides for a wait; no results is none.
func running(ctx context.Context, results types.Map, diags *diag.Diagnostics) []string {
	if results.IsNull() || results.IsUnknown() {
		return nil
	}
	servers := map[string]instanceResultModel{}
	diags.Append(results.ElementsAs(ctx, &servers, false)...)
	var ids []string
	for id, r := range servers {
		if swasclient.InProgress(r.InvocationStatus.ValueString()) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// statusesOf is every server's status in results.
func statusesOf(ctx context.Context, results types.Map, diags *diag.Diagnostics) []string {
	servers := map[string]instanceResultModel{}
	diags.Append(results.ElementsAs(ctx, &servers, false)...)
	statuses := make([]string, 0, len(servers))
	for _, r := range servers {
		statuses = append(statuses, r.InvocationStatus.ValueString())
	}
	return statuses
}

// finished reports whether every server's result in results is final, as
// swasclient's Finished decides for a wait: no result is not final.
func finished(ctx context.Context, results types.Map) bool {
	var diags diag.Diagnostics
	return len(results.Elements()) > 0 && len(running(ctx, results, &diags)) == 0 && !diags.HasError()
}

// withoutOutputs is results with every server's output null.
func withoutOutputs(results types.Map, diags *diag.Diagnostics) types.Map {
	servers := map[string]attr.Value{}
	for id, value := range results.Elements() {
		result, ok := value.(types.Object)
		if !ok {
			return results
		}
		attributes := result.Attributes()
		attributes["output"], attributes["output_base64"] = types.StringNull(), types.StringNull()
		object, objectDiags := types.ObjectValue(instanceResultType.AttrTypes, attributes)
		diags.Append(objectDiags...)
		servers[id] = object
	}
	value, mapDiags := types.MapValue(instanceResultType, servers)
	diags.Append(mapDiags...)
	return value
}

// succeededEverywhere reports whether every server's status is Success.
func succeededEverywhere(runs []serverRun) bool {
	for _, run := range runs {
		if run.result.InvocationStatus != swasclient.StatusSuccess {
			return false
		}
	}
	return len(runs) > 0
}

// fleetUnsuccessfulError is a fleet run that require_success rejects: some
// server ended otherwise than Success.
type fleetUnsuccessfulError struct {
	commandID string
	invokeIDs []string
	status    string
	// runs are the servers that ran, in order.
	runs []serverRun
	// shown decides whether the servers' outputs are quoted.
	shown framework.FailureOutput
}

func (e *fleetUnsuccessfulError) Error() string {
	return fmt.Sprintf("%s is %s", e.invocations(), e.status)
}

// invocations names the batches: "invocation t-1", or "invocations t-1,
// t-2".
func (e *fleetUnsuccessfulError) invocations() string {
	return plural(e.invokeIDs, "invocation")
}

// plural is noun followed by the ids, "invocation t-1" or "invocations
// t-1, t-2".
func plural(ids []string, noun string) string {
	if len(ids) == 1 {
		return noun + " " + ids[0]
	}
	return noun + "s " + strings.Join(ids, ", ")
}

// failedAndSucceeded splits the servers, each in order.
func (e *fleetUnsuccessfulError) failedAndSucceeded() (failed []serverRun, succeeded []string) {
	for _, run := range e.runs {
		if run.result.InvocationStatus == swasclient.StatusSuccess {
			succeeded = append(succeeded, run.result.InstanceID)
		} else {
			failed = append(failed, run)
		}
	}
	return failed, succeeded
}

// Explain lists the servers that failed, with how each ended, and those
// that succeeded.
func (e *fleetUnsuccessfulError) Explain() (title, detail string) {
	failed, succeeded := e.failedAndSucceeded()
	var b strings.Builder
	fmt.Fprintf(&b, "%s of command %s did not succeed on %d of %s, and require_success needs "+
		"Success on every one:\n", capitalized(e.invocations()), e.commandID, len(failed), framework.Plural(len(e.runs), "server"))
	writeFailed(&b, failed, e.shown)
	if len(succeeded) == 0 {
		b.WriteString("\n\nNo server succeeded.")
	} else {
		fmt.Fprintf(&b, "\n\nSucceeded on %d: %s.", len(succeeded), strings.Join(succeeded, ", "))
	}
	b.WriteString("\n\nEvery server's result is in results. Fix the command or the servers and run it again, or " +
		"set require_success = false to accept unsuccessful results.")
	return "Command did not succeed on every server", b.String()
}

// writeFailed lists the servers that failed, each with how it ended and,
// when shown, the last lines of its output.
func writeFailed(b *strings.Builder, failed []serverRun, shown framework.FailureOutput) {
	for _, run := range failed {
		in := run.result
		fmt.Fprintf(b, "\n- %s: status %s", in.InstanceID, in.InvocationStatus)
		framework.WriteEnding(b, in.ExitCode, in.ErrorCode, in.ErrorInfo)
		if text, _, err := framework.DecodeOutput(in.OutputBase64); err == nil && strings.TrimSpace(text) != "" && shown.Quoted() {
			lines := strings.ReplaceAll(framework.LastLines(text, framework.FailureOutputLines), "\n", "\n    ")
			fmt.Fprintf(b, "\n  Last lines of output:\n    %s", lines)
		}
	}
	if len(failed) > 0 && !shown.Quoted() {
		b.WriteString("\n\n" + shown.Withheld())
	}
}

func capitalized(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
