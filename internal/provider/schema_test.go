package provider_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSchemasMatchModels holds the provider, and every type it serves, to
// its model: the schema is valid, its attributes and blocks are the
// model's fields, nested ones included where the model holds them as
// structs, and each has a description. A type joins by being registered;
// it names its model with a Model method.
func TestSchemasMatchModels(t *testing.T) {
	for _, typ := range servedTypes(t) {
		t.Run(typ.name, func(t *testing.T) {
			if typ.valid.HasError() {
				t.Fatalf("schema: %v", typ.valid)
			}
			if typ.model == nil {
				t.Fatal("no Model method: a type returns its zero model from Model() any")
			}
			expectFields(t, "", typ.object, reflect.TypeOf(typ.model).Elem())
			for _, at := range attributePaths(typ.object, path.Empty(), "") {
				var description string
				if block, ok := typ.blocks[at.names]; ok {
					description = block.GetDescription()
				} else if a, ok := typ.attribute(at.path); ok {
					description = a.GetDescription()
				} else {
					t.Errorf("%s: not found by its path", at.names)
				}
				if description == "" {
					t.Errorf("%s has no description", at.names)
				}
			}
		})
	}
}

// attrValue is what the framework reads an attribute of any type into.
var attrValue = reflect.TypeFor[attr.Value]()

// expectFields fails the test unless the attributes of object, at prefix,
// are the tfsdk tags of the struct model, those of embedded structs
// included, and likewise for each field the model holds as a struct, a
// pointer to one, or a list or map of them.
func expectFields(t *testing.T, prefix string, object tftypes.Object, model reflect.Type) {
	t.Helper()
	var tags []string
	for _, field := range reflect.VisibleFields(model) {
		if field.Anonymous {
			continue
		}
		tag := field.Tag.Get("tfsdk")
		tags = append(tags, tag)
		nested, isStruct := structOf(field.Type)
		attribute, inSchema := object.AttributeTypes[tag]
		if !isStruct || !inSchema {
			continue
		}
		if element, ok := objectOf(attribute); ok {
			expectFields(t, prefix+tag+".", element, nested)
		} else {
			t.Errorf("%s%s: the model holds a struct, the schema %s", prefix, tag, attribute)
		}
	}
	names := make([]string, 0, len(object.AttributeTypes))
	for name := range object.AttributeTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	slices.Sort(tags)
	if !slices.Equal(names, tags) {
		t.Errorf("%sschema has %v, model has %v", prefix, names, tags)
	}
}

// structOf is the struct a model's field holds, directly or as the
// elements of a pointer, a slice or a map, unless it is an attribute value
// of the framework's, such as types.String or timeouts.Value.
func structOf(typ reflect.Type) (reflect.Type, bool) {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || typ.Implements(attrValue) || reflect.PointerTo(typ).Implements(attrValue) {
		return nil, false
	}
	return typ, true
}

// objectOf is the object a schema's attribute type holds, directly or as
// the elements of a list, a set or a map.
func objectOf(typ tftypes.Type) (tftypes.Object, bool) {
	switch typ := typ.(type) {
	case tftypes.Object:
		return typ, true
	case tftypes.List:
		return objectOf(typ.ElementType)
	case tftypes.Set:
		return objectOf(typ.ElementType)
	case tftypes.Map:
		return objectOf(typ.ElementType)
	}
	return tftypes.Object{}, false
}
