package provider

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
)

// tfsdkTags lists the tfsdk tags of a model struct.
func tfsdkTags(model any) []string {
	var tags []string
	typ := reflect.TypeOf(model)
	for i := range typ.NumField() {
		tags = append(tags, typ.Field(i).Tag.Get("tfsdk"))
	}
	slices.Sort(tags)
	return tags
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

func TestInvocationResultSchemaMatchesModel(t *testing.T) {
	var resp datasource.SchemaResponse
	NewInvocationResultDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
	if names, tags := sortedKeys(resp.Schema.Attributes), tfsdkTags(invocationResultModel{}); !slices.Equal(names, tags) {
		t.Errorf("schema has %v, model has %v", names, tags)
	}
	for name, attr := range resp.Schema.Attributes {
		if attr.GetDescription() == "" {
			t.Errorf("attribute %s has no description", name)
		}
	}
}

func TestInvocationsSchemaMatchesModel(t *testing.T) {
	var resp datasource.SchemaResponse
	NewInvocationsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
	if names, tags := sortedKeys(resp.Schema.Attributes), tfsdkTags(invocationsModel{}); !slices.Equal(names, tags) {
		t.Errorf("schema has %v, model has %v", names, tags)
	}
	nested := resp.Schema.Attributes["invocations"].(schema.ListNestedAttribute).NestedObject.Attributes
	if names, tags := sortedKeys(nested), tfsdkTags(invocationModel{}); !slices.Equal(names, tags) {
		t.Errorf("invocations schema has %v, model has %v", names, tags)
	}
	for name, attr := range resp.Schema.Attributes {
		if attr.GetDescription() == "" {
			t.Errorf("attribute %s has no description", name)
		}
	}
	for name, attr := range nested {
		if attr.GetDescription() == "" {
			t.Errorf("attribute invocations.%s has no description", name)
		}
	}
}
