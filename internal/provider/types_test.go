package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/openswas/terraform-provider-swas/internal/provider"
)

// servedType is the provider, or one type it serves, as the tests that
// hold every type to a rule see it, whatever its kind.
type servedType struct {
	// name is its kind and name, e.g. "resource swas_run_command".
	name string
	// model is what Model returns; nil if the type has no Model method.
	model any
	// object is its schema as a Terraform type, blocks included.
	object tftypes.Object
	// attribute finds an attribute of the schema, nested ones included.
	attribute func(at path.Path) (schemaAttribute, bool)
	// blocks are the schema's blocks, by name.
	blocks map[string]describable
	// valid holds the framework's objections to the schema, if any.
	valid diag.Diagnostics
}

// describable is an attribute or a block.
type describable interface{ GetDescription() string }

// schemaAttribute is an attribute of any kind of schema.
type schemaAttribute interface {
	describable
	IsSensitive() bool
	IsWriteOnly() bool
}

// servedTypes lists the provider and every type it serves, from its
// registration: a new type joins every test that ranges over them.
func servedTypes(t *testing.T) []servedType {
	t.Helper()
	ctx := context.Background()
	p := provider.New("test")()
	var ps fwprovider.SchemaResponse
	p.Schema(ctx, fwprovider.SchemaRequest{}, &ps)
	all := []servedType{{
		name: "provider", model: modelOf(p), object: schemaObject(t, ps.Schema.Type()), blocks: describables(ps.Schema.Blocks),
		attribute: func(at path.Path) (schemaAttribute, bool) {
			a, diags := ps.Schema.AttributeAtPath(ctx, at)
			return a, !diags.HasError()
		},
		valid: append(ps.Diagnostics, ps.Schema.ValidateImplementation(ctx)...),
	}}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "swas"}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		all = append(all, servedType{
			name: "resource " + meta.TypeName, model: modelOf(r), object: schemaObject(t, s.Schema.Type()), blocks: describables(s.Schema.Blocks),
			attribute: func(at path.Path) (schemaAttribute, bool) {
				a, diags := s.Schema.AttributeAtPath(ctx, at)
				return a, !diags.HasError()
			},
			valid: append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...),
		})
	}
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "swas"}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		all = append(all, servedType{
			name: "data " + meta.TypeName, model: modelOf(d), object: schemaObject(t, s.Schema.Type()), blocks: describables(s.Schema.Blocks),
			attribute: func(at path.Path) (schemaAttribute, bool) {
				a, diags := s.Schema.AttributeAtPath(ctx, at)
				return a, !diags.HasError()
			},
			valid: append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...),
		})
	}
	for _, newEphemeral := range p.(fwprovider.ProviderWithEphemeralResources).EphemeralResources(ctx) {
		e := newEphemeral()
		var meta ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "swas"}, &meta)
		var s ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &s)
		all = append(all, servedType{
			name: "ephemeral " + meta.TypeName, model: modelOf(e), object: schemaObject(t, s.Schema.Type()), blocks: describables(s.Schema.Blocks),
			attribute: func(at path.Path) (schemaAttribute, bool) {
				a, diags := s.Schema.AttributeAtPath(ctx, at)
				return a, !diags.HasError()
			},
			valid: append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...),
		})
	}
	for _, newList := range p.(fwprovider.ProviderWithListResources).ListResources(ctx) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "swas"}, &meta)
		var s list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &s)
		all = append(all, servedType{
			name: "list " + meta.TypeName, model: modelOf(l), object: schemaObject(t, s.Schema.Type()), blocks: describables(s.Schema.Blocks),
			attribute: func(at path.Path) (schemaAttribute, bool) {
				a, diags := s.Schema.AttributeAtPath(ctx, at)
				return a, !diags.HasError()
			},
			valid: append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...),
		})
	}
	for _, newAction := range p.(fwprovider.ProviderWithActions).Actions(ctx) {
		a := newAction()
		var meta action.MetadataResponse
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "swas"}, &meta)
		var s action.SchemaResponse
		a.Schema(ctx, action.SchemaRequest{}, &s)
		all = append(all, servedType{
			name: "action " + meta.TypeName, model: modelOf(a), object: schemaObject(t, s.Schema.Type()), blocks: describables(s.Schema.Blocks),
			attribute: func(at path.Path) (schemaAttribute, bool) {
				a, diags := s.Schema.AttributeAtPath(ctx, at)
				return a, !diags.HasError()
			},
			valid: append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...),
		})
	}
	return all
}

// modelOf is the model a type names, if it names one.
func modelOf(typ any) any {
	if m, ok := typ.(interface{ Model() any }); ok {
		return m.Model()
	}
	return nil
}

// schemaObject is a schema's type as a Terraform object.
func schemaObject(t *testing.T, typ attr.Type) tftypes.Object {
	t.Helper()
	object, ok := typ.TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatalf("a schema of type %s", typ)
	}
	return object
}

func describables[B describable](blocks map[string]B) map[string]describable {
	all := make(map[string]describable, len(blocks))
	for name, b := range blocks {
		all[name] = b
	}
	return all
}

// attributeAt is an attribute's path, and its names joined by dots.
type attributeAt struct {
	path  path.Path
	names string
}

// attributePaths lists every attribute of an object type, nested ones
// included, through lists, sets and maps of objects.
func attributePaths(typ tftypes.Type, parent path.Path, names string) []attributeAt {
	object, ok := typ.(tftypes.Object)
	if !ok {
		return nil
	}
	var all []attributeAt
	for name, attributeType := range object.AttributeTypes {
		at := attributeAt{path: parent.AtName(name), names: strings.TrimPrefix(names+"."+name, ".")}
		all = append(all, at)
		switch element := attributeType.(type) {
		case tftypes.Object:
			all = append(all, attributePaths(element, at.path, at.names)...)
		case tftypes.List:
			all = append(all, attributePaths(element.ElementType, at.path.AtListIndex(0), at.names)...)
		case tftypes.Map:
			all = append(all, attributePaths(element.ElementType, at.path.AtMapKey("key"), at.names)...)
		}
	}
	return all
}

// lastName is the last of names joined by dots.
func lastName(names string) string {
	return names[strings.LastIndex(names, ".")+1:]
}
