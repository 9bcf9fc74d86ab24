package runcommand

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// actionConfig is the action's configuration with the given string
// attributes set and the rest null.
func actionConfig(t *testing.T, set map[string]string) tfsdk.Config {
	t.Helper()
	schema := runCommandActionSchema()
	object := schema.Type().TerraformType(context.Background()).(tftypes.Object) //nolint:forcetypeassert // a schema is an object
	values := map[string]tftypes.Value{}
	for name, typ := range object.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	for name, value := range set {
		values[name] = tftypes.NewValue(tftypes.String, value)
	}
	values["instance_ids"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String},
		[]tftypes.Value{tftypes.NewValue(tftypes.String, "ace0706b2ac4454d984295a942130001")})
	return tfsdk.Config{Schema: schema, Raw: tftypes.NewValue(object, values)}
}

// TestActionValidateConfig: exactly one command, the arguments of an
// inline script not with a saved command, and a wait_timeout that is a
// duration.
func TestActionValidateConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  map[string]string
		want string // a fragment of the error, "" for none
	}{
		{"script", map[string]string{"command_content": "echo hi"}, ""},
		{"write-only script", map[string]string{"command_content_wo": "echo hi"}, ""},
		{"saved command", map[string]string{"command_id": "c-hz01272yr52abcd"}, ""},
		{"no command", nil, "0 of command_content, command_content_wo and command_id are set"},
		{"two commands", map[string]string{"command_content": "echo hi", "command_id": "c-hz01272yr52abcd"}, "2 of command_content"},
		{"inline argument with a saved command", map[string]string{"command_id": "c-hz01272yr52abcd", "working_dir": "/srv"},
			"working_dir applies to an inline script"},
		{"wait_timeout", map[string]string{"command_content": "echo hi", "wait_timeout": "soon"}, `wait_timeout is "soon"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resp action.ValidateConfigResponse
			NewAction().(*runCommandAction).ValidateConfig(context.Background(), action.ValidateConfigRequest{Config: actionConfig(t, tc.set)}, &resp)
			var errs []string
			for _, d := range resp.Diagnostics.Errors() {
				errs = append(errs, d.Detail())
			}
			got := strings.Join(errs, "\n")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("errors %q, want %q", got, tc.want)
			}
		})
	}
}
