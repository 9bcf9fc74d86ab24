package framework

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// TestNotFoundAdvice: what to check depends on what the API did not find;
// only invocation results are kept for two weeks.
func TestNotFoundAdvice(t *testing.T) {
	for code, c := range map[string]struct{ want, not string }{
		"InvalidInvokeId.NotFound":   {want: "two weeks"},
		"InvalidCommandId.NotFound":  {want: "command ID", not: "two weeks"},
		"InvalidInstanceId.NotFound": {want: "instance", not: "two weeks"},
	} {
		err := &swasclient.APIError{Action: "X", Kind: swasclient.KindNotFound, Code: code, StatusCode: 404, RequestID: "R-1"}
		var diags diag.Diagnostics
		Failure{Doing: "doing it", Blame: map[string]path.Path{"Command": path.Root("command_id")}}.Add(&diags, err)
		detail := diags[0].Detail()
		if !strings.Contains(detail, c.want) || c.not != "" && strings.Contains(detail, c.not) {
			t.Errorf("%s: %q, want %q and not %q", code, detail, c.want, c.not)
		}
	}
}

// TestIncorrectInstanceStatusAdvice: a server that is not running is to be
// started.
func TestIncorrectInstanceStatusAdvice(t *testing.T) {
	err := &swasclient.APIError{Action: "RunCommand", Kind: swasclient.KindInvalidInput, Code: "IncorrectInstanceStatus", StatusCode: 403}
	var diags diag.Diagnostics
	Failure{Doing: "starting the command"}.Add(&diags, err)
	if title, detail := diags[0].Summary(), diags[0].Detail(); title != "Server not running" || !strings.Contains(detail, "Start the server") ||
		strings.Contains(detail, "Correct the value") {
		t.Errorf("%q: %q", title, detail)
	}
}
