package provider

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// tfsdkTags lists the tfsdk tags of a model struct, those of embedded
// structs included.
func tfsdkTags(model any) []string {
	var tags []string
	for _, field := range reflect.VisibleFields(reflect.TypeOf(model)) {
		if !field.Anonymous {
			tags = append(tags, field.Tag.Get("tfsdk"))
		}
	}
	slices.Sort(tags)
	return tags
}

// expectModelSchema fails the test unless a schema's attributes are the
// model's fields, each with a description; prefix names nested ones.
func expectModelSchema[A interface{ GetDescription() string }](t *testing.T, prefix string, attributes map[string]A, model any) {
	t.Helper()
	if names, tags := sortedKeys(attributes), tfsdkTags(model); !slices.Equal(names, tags) {
		t.Errorf("%sschema has %v, model has %v", prefix, names, tags)
	}
	for name, attr := range attributes {
		if attr.GetDescription() == "" {
			t.Errorf("attribute %s%s has no description", prefix, name)
		}
	}
}

// describable is an attribute or a block.
type describable interface{ GetDescription() string }

// withBlocks is a schema's attributes and blocks in one map, for
// expectModelSchema.
func withBlocks[A, B describable](attributes map[string]A, blocks map[string]B) map[string]describable {
	all := map[string]describable{}
	for name, a := range attributes {
		all[name] = a
	}
	for name, b := range blocks {
		all[name] = b
	}
	return all
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestProviderSchemaMatchesModel(t *testing.T) {
	var resp fwprovider.SchemaResponse
	New("test")().Schema(context.Background(), fwprovider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}

	names := append(sortedKeys(resp.Schema.Attributes), sortedKeys(resp.Schema.Blocks)...)
	slices.Sort(names)
	if tags := tfsdkTags(providerModel{}); !slices.Equal(names, tags) {
		t.Errorf("provider schema has %v, model has %v", names, tags)
	}
	if tags, names := tfsdkTags(assumeRoleModel{}), sortedKeys(resp.Schema.Blocks["assume_role"].GetNestedObject().GetAttributes()); !slices.Equal(names, tags) {
		t.Errorf("assume_role schema has %v, model has %v", names, tags)
	}
	if tags, names := tfsdkTags(assumeRoleWithOIDCModel{}), sortedKeys(resp.Schema.Blocks["assume_role_with_oidc"].GetNestedObject().GetAttributes()); !slices.Equal(names, tags) {
		t.Errorf("assume_role_with_oidc schema has %v, model has %v", names, tags)
	}
	for name, attr := range resp.Schema.Attributes {
		if attr.GetDescription() == "" {
			t.Errorf("provider attribute %s has no description", name)
		}
	}
	for name, block := range resp.Schema.Blocks {
		if block.GetDescription() == "" {
			t.Errorf("provider block %s has no description", name)
		}
		for attrName, attr := range block.GetNestedObject().GetAttributes() {
			if attr.GetDescription() == "" {
				t.Errorf("provider attribute %s.%s has no description", name, attrName)
			}
		}
	}
}

func TestRunCommandSchemaMatchesModel(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	NewRunCommandResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(ctx); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
	expectModelSchema(t, "", withBlocks(resp.Schema.Attributes, resp.Schema.Blocks), runCommandModel{})
	for name, attr := range resp.Schema.Blocks["timeouts"].(rschema.SingleNestedBlock).Attributes {
		if attr.GetDescription() == "" {
			t.Errorf("attribute timeouts.%s has no description", name)
		}
	}

	// Every argument but those that run no command must run it again.
	inPlace := []string{"wait_for_completion", "require_success", "wait_for_cloud_assistant", "timeouts", "store_output", "show_output_on_failure", "command_content_wo", "parameters_wo"}
	for name, attr := range resp.Schema.Attributes {
		if attr.IsComputed() && !attr.IsOptional() || slices.Contains(inPlace, name) {
			continue
		}
		var descriptions []string
		switch a := attr.(type) {
		case rschema.StringAttribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		case rschema.Int64Attribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		case rschema.BoolAttribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		case rschema.MapAttribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		default:
			t.Errorf("argument %s: unexpected type %T", name, attr)
		}
		if !slices.ContainsFunc(descriptions, func(d string) bool { return strings.Contains(d, "destroy and recreate") }) {
			t.Errorf("argument %s does not require replacement: %q", name, descriptions)
		}
	}
}

func modifierDescriptions[M interface{ Description(context.Context) string }](ctx context.Context, modifiers []M) []string {
	var descriptions []string
	for _, m := range modifiers {
		descriptions = append(descriptions, m.Description(ctx))
	}
	return descriptions
}
