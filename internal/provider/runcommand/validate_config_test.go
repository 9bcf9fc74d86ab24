package runcommand

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// validateResourceConfig runs r's ValidateConfig on a configuration of the
// given attributes, the others null, and returns the errors' titles joined
// by "; ".
func validateResourceConfig(t *testing.T, r resource.ResourceWithValidateConfig, values map[string]tftypes.Value) string {
	t.Helper()
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	object := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object) //nolint:forcetypeassert // a schema is an object
	attributes := map[string]tftypes.Value{}
	for name, typ := range object.AttributeTypes {
		attributes[name] = tftypes.NewValue(typ, nil)
		if v, ok := values[name]; ok {
			attributes[name] = v
		}
	}
	for name := range values {
		if _, ok := object.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %s", name)
		}
	}
	req := resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(object, attributes)}}
	var resp resource.ValidateConfigResponse
	r.ValidateConfig(ctx, req, &resp)
	var titles []string
	for _, d := range resp.Diagnostics {
		titles = append(titles, d.Summary())
	}
	return strings.Join(titles, "; ")
}

var (
	unknownString = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	unknownBool   = tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)
)

func knownString(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// TestRunCommandValidateConfigUnknown: the checks that need two values
// decide only once both are known.
func TestRunCommandValidateConfigUnknown(t *testing.T) {
	for name, c := range map[string]struct {
		values map[string]tftypes.Value
		want   string
	}{
		"password without a user": {
			values: map[string]tftypes.Value{"command_content": knownString("x"), "type": knownString("RunBatScript"), "windows_password_name": knownString("pw")},
			want:   "Password without a user",
		},
		"password unknown, no user": {
			values: map[string]tftypes.Value{"command_content": knownString("x"), "type": knownString("RunBatScript"), "windows_password_name": unknownString},
		},
		"password unknown, shell script": {
			values: map[string]tftypes.Value{"command_content": knownString("x"), "working_user": knownString("u"), "windows_password_name": unknownString},
		},
		"require_success unknown without waiting": {
			values: map[string]tftypes.Value{"command_content": knownString("x"), "wait_for_completion": tftypes.NewValue(tftypes.Bool, false), "require_success": unknownBool},
		},
	} {
		t.Run(name, func(t *testing.T) {
			if got := validateResourceConfig(t, NewResource().(resource.ResourceWithValidateConfig), c.values); got != c.want { //nolint:forcetypeassert // it validates
				t.Errorf("errors %q, want %q", got, c.want)
			}
		})
	}
}
