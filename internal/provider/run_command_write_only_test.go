package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestValidateWriteOnly: "exactly one" and "at most one" decide on known
// values only; an unknown one (a variable during validate) is checked once
// known.
func TestValidateWriteOnly(t *testing.T) {
	script := types.StringValue("echo hi")
	unknownScript := types.StringUnknown()
	noScript := types.StringNull()
	parameters := types.MapValueMust(types.StringType, nil)
	unknownParameters := types.MapUnknown(types.StringType)
	noParameters := types.MapNull(types.StringType)
	for name, c := range map[string]struct {
		content, contentWO       types.String
		parameters, parametersWO types.Map
		version                  types.Int64
		want                     string // the titles of the errors, joined by "; "
	}{
		"stored":                        {content: script, contentWO: noScript, parameters: parameters, parametersWO: noParameters, version: types.Int64Null()},
		"write-only":                    {content: noScript, contentWO: script, parameters: noParameters, parametersWO: parameters, version: types.Int64Value(1)},
		"script set twice":              {content: script, contentWO: script, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null(), want: "Script set twice"},
		"no script":                     {content: noScript, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null(), want: "No script"},
		"parameters set twice":          {content: script, contentWO: noScript, parameters: parameters, parametersWO: parameters, version: types.Int64Null(), want: "Parameters set twice"},
		"version of nothing":            {content: script, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Value(1), want: "Version of nothing write-only"},
		"both scripts unknown":          {content: unknownScript, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Unknown()},
		"stored script unknown":         {content: unknownScript, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null()},
		"write-only script unknown":     {content: noScript, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Value(1)},
		"unknown beside set":            {content: script, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null()},
		"both parameters unknown":       {content: script, contentWO: noScript, parameters: unknownParameters, parametersWO: unknownParameters, version: types.Int64Null()},
		"version of unknown write-only": {content: unknownScript, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Value(1)},
		"version of unknown parameters": {content: script, contentWO: noScript, parameters: noParameters, parametersWO: unknownParameters, version: types.Int64Value(1)},
		"unknown version of nothing":    {content: script, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Unknown()},
	} {
		t.Run(name, func(t *testing.T) {
			m := runCommandModel{
				CommandContent: c.content, CommandContentWO: c.contentWO,
				Parameters: c.parameters, ParametersWO: c.parametersWO, CommandContentWOVersion: c.version,
			}
			var diags diag.Diagnostics
			m.validateWriteOnly(&diags)
			var titles []string
			for _, d := range diags {
				titles = append(titles, d.Summary())
			}
			if got := strings.Join(titles, "; "); got != c.want {
				t.Errorf("errors %q, want %q", got, c.want)
			}
		})
	}
}
