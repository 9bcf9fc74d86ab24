package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/openswas/terraform-provider-swas/internal/provider"
)

// TestActionsTakeWriteOnlyArguments: the served provider accepts a value
// of an action's write-only argument, which the framework alone rejects,
// and still reports the action's own errors.
func TestActionsTakeWriteOnlyArguments(t *testing.T) {
	ctx := context.Background()
	server, err := provider.NewServer("test", provider.Options{})()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	object := schemas.ActionSchemas["swas_run_command"].Schema.ValueType().(tftypes.Object) //nolint:forcetypeassert // a schema is an object
	validate := func(set map[string]tftypes.Value) []string {
		values := map[string]tftypes.Value{}
		for name, typ := range object.AttributeTypes {
			values[name] = tftypes.NewValue(typ, nil)
		}
		values["instance_ids"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String},
			[]tftypes.Value{tftypes.NewValue(tftypes.String, "ace0706b2ac4454d984295a942130001")})
		for name, value := range set {
			values[name] = value
		}
		config, err := tfprotov6.NewDynamicValue(object, tftypes.NewValue(object, values))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := server.(tfprotov6.ActionServer).ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{
			ActionType: "swas_run_command", Config: &config,
		})
		if err != nil {
			t.Fatal(err)
		}
		var summaries []string
		for _, d := range resp.Diagnostics {
			summaries = append(summaries, d.Summary)
		}
		return summaries
	}
	parameters := tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"target": tftypes.NewValue(tftypes.String, "db")})
	if got := validate(map[string]tftypes.Value{
		"command_content_wo": tftypes.NewValue(tftypes.String, "echo {{target}}"), "parameters_wo": parameters,
	}); len(got) > 0 {
		t.Errorf("write-only script and parameters: %v, want no diagnostics", got)
	}
	if got := validate(nil); !strings.Contains(strings.Join(got, ","), "One command needed") {
		t.Errorf("no command: %v, want the action's own error", got)
	}
}
