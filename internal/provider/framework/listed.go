package framework

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// InvokeStatuses are the values DescribeInvocations filters on.
var InvokeStatuses = []string{"Running", "Finished", "Failed", "Stopped"}

// MaxListedInvocations caps what one read lists: the API keeps two weeks
// of results, and a plan should not page through all of them.
const MaxListedInvocations = 1000

// ListedScript is the script of a run DescribeInvocations lists, decoded
// from base64. The script is compared with a configuration's after an
// import: only an exact decoding will do, and anything else is kept as
// the API gave it, with a warning on at.
func ListedScript(inv swasclient.Invocation, at path.Path, diags *diag.Diagnostics) types.String {
	content, replaced, err := DecodeOutput(inv.CommandContent)
	if err == nil && replaced > 0 {
		err = fmt.Errorf("%d bytes are not UTF-8 text", replaced)
	}
	if err != nil {
		content = inv.CommandContent
		diags.AddAttributeWarning(at, "Command content is not text",
			fmt.Sprintf("The command content of invocation %s cannot be decoded: %s. command_content holds the API's value as is.",
				inv.InvokeID, err))
	}
	return types.StringValue(content)
}

// ListedParameters are the parameters of a run DescribeInvocations lists;
// values that are not strings are given as JSON.
func ListedParameters(inv swasclient.Invocation, diags *diag.Diagnostics) types.Map {
	parameters := make(map[string]string, len(inv.Parameters))
	for name, value := range inv.Parameters {
		if s, isString := value.(string); isString {
			parameters[name] = s
			continue
		}
		encoded, err := json.Marshal(value)
		if err != nil {
			encoded = []byte(fmt.Sprint(value))
		}
		parameters[name] = string(encoded)
	}
	value, mapDiags := types.MapValueFrom(context.Background(), types.StringType, parameters)
	diags.Append(mapDiags...)
	return value
}
