package framework

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// FailureOutputLines is how much of a failed command's output an error
// shows.
const FailureOutputLines = 10

// FailureOutput is whether a require_success error quotes the command's
// output: never one kept out of plans and the state, unless the
// configuration asks for it.
type FailureOutput struct {
	// Show is show_output_on_failure: null, or unknown, follows KeptOut.
	Show types.Bool
	// KeptOut says what keeps the output out of the state, and so out of
	// errors, e.g. "store_output = false keeps it out of the state"; empty
	// when the output is stored.
	KeptOut string
	// ReadIt says where to read the output instead.
	ReadIt string
}

// Quoted reports whether the error quotes the output.
func (o FailureOutput) Quoted() bool {
	if !o.Show.IsNull() && !o.Show.IsUnknown() {
		return o.Show.ValueBool()
	}
	return o.KeptOut == ""
}

// Withheld is the paragraph that replaces the output in the error.
func (o FailureOutput) Withheld() string {
	why := o.KeptOut
	if why == "" {
		why = "show_output_on_failure = false"
	}
	return fmt.Sprintf("The output is not shown here: %s, and errors end up on screens and in CI logs. %s, or set "+
		"show_output_on_failure = true to show its last lines here.", why, o.ReadIt)
}

// StoredOutput is FailureOutput for a resource's store_output and
// show_output_on_failure; readIt says where to read the output when the
// error does not show it.
func StoredOutput(storeOutput, showOutputOnFailure types.Bool, readIt string) FailureOutput {
	shown := FailureOutput{Show: showOutputOnFailure, ReadIt: readIt}
	if storeOutput.Equal(types.BoolValue(false)) {
		shown.KeptOut = "store_output = false keeps it out of the state"
	}
	return shown
}

// UnsuccessfulError is a command that require_success rejects: it ended
// otherwise than Success, or is still running.
type UnsuccessfulError struct {
	Result *swasclient.InvocationResult
	// Output is the decoded output, empty when there is none to show.
	Output string
	// Shown decides whether Output is quoted.
	Shown FailureOutput
}

func (e *UnsuccessfulError) Error() string {
	return fmt.Sprintf("invocation %s is %s", e.Result.InvokeID, e.Result.InvocationStatus)
}

// Explain says how the command ended, and what to do.
func (e *UnsuccessfulError) Explain() (title, detail string) {
	r := e.Result
	if swasclient.InProgress(r.InvocationStatus) {
		return "Command still running", fmt.Sprintf("Invocation %s on instance %s is %s, and require_success needs "+
			"Success. Set wait_for_completion = true to wait for it to finish.", r.InvokeID, r.InstanceID, r.InvocationStatus)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Invocation %s on instance %s finished with status %s", r.InvokeID, r.InstanceID, r.InvocationStatus)
	WriteEnding(&b, r.ExitCode, r.ErrorCode, r.ErrorInfo)
	b.WriteString(", and require_success needs Success.")
	switch {
	case e.Output == "":
	case e.Shown.Quoted():
		fmt.Fprintf(&b, "\n\nLast lines of output:\n%s", LastLines(e.Output, FailureOutputLines))
	default:
		b.WriteString("\n\n" + e.Shown.Withheld())
	}
	b.WriteString("\n\nFix the command and run it again, or set require_success = false to read unsuccessful results.")
	return "Command did not succeed", b.String()
}

// WriteEnding adds how a run ended, after its status: its exit code, error
// code and error information, those it has.
func WriteEnding(b *strings.Builder, exitCode *int64, errorCode, errorInfo string) {
	if exitCode != nil {
		fmt.Fprintf(b, ", exit code %d", *exitCode)
	}
	if errorCode != "" {
		fmt.Fprintf(b, ", error code %s", errorCode)
	}
	if errorInfo != "" {
		fmt.Fprintf(b, " (%s)", errorInfo)
	}
}
