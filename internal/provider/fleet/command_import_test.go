package fleet

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

func TestParseCommandImportID(t *testing.T) {
	for id, want := range map[string]string{
		"c-hz01272yr52abcd":             "",
		"cn-hangzhou:c-hz01272yr52abcd": "",
		"bad id":                        `the command ID "bad id" is not a command ID`,
		"":                              "the command ID is empty",
		"cn-hangzhou:":                  "the command ID is empty",
		"Hangzhou:c-1":                  `the region "Hangzhou" is not a region ID`,
		"a:b:c":                         "it has 3 parts separated by colons",
	} {
		if _, _, problem := framework.SplitImportID(id, commandImportID); problem != want {
			t.Errorf("the command import ID %q: %q, want %q", id, problem, want)
		}
	}
}

func TestParseInvocationImportID(t *testing.T) {
	for id, want := range map[string]string{
		"t-hz0jdfwd9f1abcd":             "",
		"cn-hangzhou:t-hz0jdfwd9f1abcd": "",
		"":                              "the invoke ID is empty",
		"Hangzhou:t-1":                  `the region "Hangzhou" is not a region ID`,
		"cn-hangzhou:x:t-1":             "it has 3 parts separated by colons",
	} {
		if _, _, problem := framework.SplitImportID(id, invocationImportID); problem != want {
			t.Errorf("the invocation import ID %q: %q, want %q", id, problem, want)
		}
	}
}

// TestInvocationParameters reads the parameters DescribeCommandInvocations
// lists: a JSON object, values that are not strings given as JSON, none
// or an empty object null, and anything else null with a warning.
func TestInvocationParameters(t *testing.T) {
	for listed, want := range map[string]string{
		`{"version":"1.4.2","n":3}`: `{"n":"3","version":"1.4.2"}`,
		`{}`:                        `<null>`,
		``:                          `<null>`,
		`not json`:                  `<null>`,
	} {
		var diags diag.Diagnostics
		got := invocationParameters(&swasclient.CommandInvocation{InvokeID: "t-1", Parameters: listed}, &diags)
		if got.String() != want {
			t.Errorf("invocationParameters(%q) = %s, want %s", listed, got, want)
		}
		if warned := diags.WarningsCount() > 0; warned != (listed == "not json") {
			t.Errorf("invocationParameters(%q): warnings %v", listed, diags)
		}
	}
}
