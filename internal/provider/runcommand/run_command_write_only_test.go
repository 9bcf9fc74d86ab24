package runcommand

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// TestValidateWriteOnly: "exactly one" and "at most one" decide on known
// values only; an unknown one (a variable during validate) is checked once
// known.
func TestValidateWriteOnly(t *testing.T) {
	content := types.StringValue("echo hi")
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
		"stored":           {content: content, contentWO: noScript, parameters: parameters, parametersWO: noParameters, version: types.Int64Null()},
		"write-only":       {content: noScript, contentWO: content, parameters: noParameters, parametersWO: parameters, version: types.Int64Value(1)},
		"script set twice": {content: content, contentWO: content, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null(), want: "Script set twice"},
		// The plan checks it (requireScript): an imported run keeps its script.
		"no script":                     {content: noScript, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null()},
		"parameters set twice":          {content: content, contentWO: noScript, parameters: parameters, parametersWO: parameters, version: types.Int64Null(), want: "Parameters set twice"},
		"version of nothing":            {content: content, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Value(1), want: "Version of nothing write-only"},
		"both scripts unknown":          {content: unknownScript, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Unknown()},
		"stored script unknown":         {content: unknownScript, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null()},
		"write-only script unknown":     {content: noScript, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Value(1)},
		"unknown beside set":            {content: content, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Null()},
		"both parameters unknown":       {content: content, contentWO: noScript, parameters: unknownParameters, parametersWO: unknownParameters, version: types.Int64Null()},
		"version of unknown write-only": {content: unknownScript, contentWO: unknownScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Value(1)},
		"version of unknown parameters": {content: content, contentWO: noScript, parameters: noParameters, parametersWO: unknownParameters, version: types.Int64Value(1)},
		"unknown version of nothing":    {content: content, contentWO: noScript, parameters: noParameters, parametersWO: noParameters, version: types.Int64Unknown()},
	} {
		t.Run(name, func(t *testing.T) {
			s := scriptArguments{
				CommandContent: c.content, CommandContentWO: c.contentWO,
				Parameters: c.parameters, ParametersWO: c.parametersWO, CommandContentWOVersion: c.version,
			}
			var diags diag.Diagnostics
			s.validate(&diags)
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

// TestMovesOnly: a move to write-only updates in place only when the script,
// the parameters and the version are all known to be those of the run in
// the state.
func TestMovesOnly(t *testing.T) {
	content := types.StringValue("echo {{token}}")
	other := types.StringValue("echo other")
	none := types.StringNull()
	params := func(token string) types.Map {
		return types.MapValueMust(types.StringType, map[string]attr.Value{"token": types.StringValue(token)})
	}
	noParams := types.MapNull(types.StringType)
	empty := types.MapValueMust(types.StringType, map[string]attr.Value{})
	version := types.Int64Value
	noVersion := types.Int64Null()
	run := func(content, contentWO types.String, parameters, parametersWO types.Map, v types.Int64) *scriptArguments {
		return &scriptArguments{CommandContent: content, CommandContentWO: contentWO, Parameters: parameters,
			ParametersWO: parametersWO, CommandContentWOVersion: v}
	}
	for name, c := range map[string]struct {
		prior, config *scriptArguments
		want          bool
	}{
		"script moved":                          {run(content, none, noParams, noParams, noVersion), run(none, content, noParams, noParams, version(1)), true},
		"script and parameters moved":           {run(content, none, params("a"), noParams, noVersion), run(none, content, noParams, params("a"), version(1)), true},
		"parameters moved, script stored":       {run(content, none, params("a"), noParams, noVersion), run(content, none, noParams, params("a"), version(1)), true},
		"script moved, parameters stored":       {run(content, none, params("a"), noParams, noVersion), run(none, content, params("a"), noParams, version(1)), true},
		"script moved, parameters empty":        {run(content, none, empty, noParams, noVersion), run(none, content, noParams, noParams, version(1)), true},
		"script moved, parameters added":        {run(content, none, noParams, noParams, noVersion), run(none, content, noParams, params("new"), version(1)), false},
		"script moved, stored parameters added": {run(content, none, noParams, noParams, noVersion), run(none, content, params("new"), noParams, version(1)), false},
		"script moved, parameters changed":      {run(content, none, params("a"), noParams, noVersion), run(none, content, noParams, params("b"), version(1)), false},
		"script moved, parameters dropped":      {run(content, none, params("a"), noParams, noVersion), run(none, content, noParams, noParams, version(1)), false},
		"script changed while moved":            {run(content, none, noParams, noParams, noVersion), run(none, other, noParams, noParams, version(1)), false},
		"script unknown":                        {run(content, none, noParams, noParams, noVersion), run(none, types.StringUnknown(), noParams, noParams, version(1)), false},
		"parameters unknown":                    {run(content, none, params("a"), noParams, noVersion), run(none, content, noParams, types.MapUnknown(types.StringType), version(1)), false},
		"script moved, write-only parameters kept": {
			run(content, none, noParams, noParams, version(3)), run(none, content, noParams, params("a"), version(3)), true,
		},
		"script moved, version changed":   {run(content, none, noParams, noParams, version(3)), run(none, content, noParams, params("a"), version(4)), false},
		"parameters moved, script kept":   {run(none, none, params("a"), noParams, version(2)), run(none, content, noParams, params("a"), version(2)), true},
		"parameters moved, version moved": {run(none, none, params("a"), noParams, version(2)), run(none, content, noParams, params("a"), version(3)), false},
		"nothing moved":                   {run(content, none, noParams, noParams, noVersion), run(other, none, noParams, noParams, noVersion), false},
		"moved back to stored":            {run(none, none, noParams, noParams, version(1)), run(content, none, noParams, noParams, noVersion), false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := c.config.MovesOnly(c.prior); got != c.want {
				t.Errorf("MovesOnly = %v, want %v", got, c.want)
			}
		})
	}
}

// TestImportedArgumentsAreTheDefaults: an import sets every argument it
// does not recover from the API to the schema's default, so that a
// configuration that leaves them out plans no change.
func TestImportedArgumentsAreTheDefaults(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	NewResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	var diags diag.Diagnostics
	imported := importedArguments("cn-hangzhou", "ace0706b2ac4454d984295a942130001", swasclient.Invocation{
		InvokeID: "t-1", CommandName: "deploy", CommandType: framework.ShellScript,
		CommandContent: base64.StdEncoding.EncodeToString([]byte("echo hi")),
	}, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	// Recovered from the API rather than defaulted.
	recovered := []string{"name", "type", "enable_parameter"}
	for name, attribute := range resp.Schema.Attributes {
		var want attr.Value
		switch a := attribute.(type) {
		case rschema.BoolAttribute:
			if a.Default != nil {
				var d defaults.BoolResponse
				a.Default.DefaultBool(ctx, defaults.BoolRequest{}, &d)
				want = d.PlanValue
			}
		case rschema.StringAttribute:
			if a.Default != nil {
				var d defaults.StringResponse
				a.Default.DefaultString(ctx, defaults.StringRequest{}, &d)
				want = d.PlanValue
			}
		}
		if want == nil || slices.Contains(recovered, name) {
			continue
		}
		if got, ok := imported[name]; !ok || !got.Equal(want) {
			t.Errorf("an import sets %s to %v, want the default %v", name, got, want)
		}
	}
}
