package provider

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// secretAttributes lists, for every resource, data source and ephemeral
// resource the provider serves, each attribute that can hold a script,
// parameters or a command's output, nested ones as parent.child. Each must
// be sensitive or write-only, but in an ephemeral resource, which nothing
// stores. A new type must join the list, even with none, and so must every
// attribute named like one of them (command_content, parameters, output and
// their variants).
var secretAttributes = map[string][]string{
	"resource swas_run_command": {
		"command_content", "command_content_wo", "parameters", "parameters_wo", "output", "output_base64",
	},
	"resource swas_command":            {"command_content"},
	"resource swas_command_invocation": {"parameters", "parameters_wo", "results.output", "results.output_base64"},
	"data swas_invocation_result":      {"output", "output_base64"},
	"data swas_invocations":            {"invocations.command_content", "invocations.parameters"},
	"data swas_commands":               {"commands.command_content"},
	"data swas_cloud_assistant":        {},
	"ephemeral swas_invocation_result": {"output", "output_base64"},
}

// secretName is the name of an attribute that may hold a script,
// parameters or output; their versions are numbers.
var secretName = regexp.MustCompile(`^(command_content|parameters|output)(_[a-z0-9]+)*$`)

// versionName is the name of a write-only value's version.
var versionName = regexp.MustCompile(`_version$`)

// hiding is what keeps an attribute's value out of plans or the state.
type hiding interface {
	IsSensitive() bool
	IsWriteOnly() bool
}

// TestSecretsAreHidden checks secretAttributes against every type the
// provider serves.
func TestSecretsAreHidden(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	seen := map[string]bool{}
	check := func(kind, name string, typ attr.Type, lookup func(path.Path) (hiding, bool)) {
		key := kind + " swas" + name
		seen[key] = true
		listed, ok := secretAttributes[key]
		if !ok {
			t.Errorf("%s is not in secretAttributes: list the attributes that can hold a script, parameters or output", key)
			return
		}
		var names []string
		for _, at := range attributePaths(typ.TerraformType(ctx), path.Empty(), "") {
			names = append(names, at.names)
			if name := lastName(at.names); secretName.MatchString(name) && !versionName.MatchString(name) && !slices.Contains(listed, at.names) {
				t.Errorf("%s.%s looks like a script, parameters or output: list it in secretAttributes", key, at.names)
			}
			if !slices.Contains(listed, at.names) {
				continue
			}
			a, found := lookup(at.path)
			switch {
			case !found:
				t.Errorf("%s.%s: no such attribute", key, at.names)
			case kind != "ephemeral" && !a.IsSensitive() && !a.IsWriteOnly():
				t.Errorf("%s.%s can hold a secret, and is neither sensitive nor write-only", key, at.names)
			}
		}
		for _, name := range listed {
			if !slices.Contains(names, name) {
				t.Errorf("%s.%s is listed but not in the schema", key, name)
			}
		}
	}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		check("resource", meta.TypeName, s.Schema.Type(), func(at path.Path) (hiding, bool) {
			a, diags := s.Schema.AttributeAtPath(ctx, at)
			return a, !diags.HasError()
		})
	}
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		check("data", meta.TypeName, s.Schema.Type(), func(at path.Path) (hiding, bool) {
			a, diags := s.Schema.AttributeAtPath(ctx, at)
			return a, !diags.HasError()
		})
	}
	for _, newEphemeral := range p.(interface {
		EphemeralResources(context.Context) []func() ephemeral.EphemeralResource
	}).EphemeralResources(ctx) {
		e := newEphemeral()
		var meta ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{}, &meta)
		var s ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &s)
		check("ephemeral", meta.TypeName, s.Schema.Type(), func(at path.Path) (hiding, bool) {
			a, diags := s.Schema.AttributeAtPath(ctx, at)
			return a, !diags.HasError()
		})
	}
	for key := range secretAttributes {
		if !seen[key] {
			t.Errorf("secretAttributes lists %s, which the provider does not serve", key)
		}
	}
}

// attributeAt is an attribute's path, and its names joined by dots.
type attributeAt struct {
	path  path.Path
	names string
}

// attributePaths lists every attribute of an object type, nested ones
// included, through lists and maps of objects.
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

func lastName(names string) string {
	return names[strings.LastIndex(names, ".")+1:]
}

// TestSecretsGuideCoversEveryType: the guide to keeping secrets out of
// state names every type that can hold one, links the pages of both CLIs
// on ephemeral values, and says where a moved value stays.
func TestSecretsGuideCoversEveryType(t *testing.T) {
	guide := string(readFile(t, filepath.Join(repositoryRoot(t), "templates", "guides", "keeping-secrets-out-of-state.md.tmpl")))
	for key, listed := range secretAttributes {
		name := key[strings.Index(key, " ")+1:]
		if len(listed) > 0 && !strings.Contains(guide, "`"+name+"`") {
			t.Errorf("the guide does not name %s, which can hold a script, parameters or output", key)
		}
	}
	for _, want := range []string{
		"https://opentofu.org/docs/language/ephemerality/",
		"https://developer.hashicorp.com/terraform/language/manage-sensitive-data/ephemeral",
		"terraform.tfstate.backup",
		"parameters_wo_version",
		"show_output_on_failure",
	} {
		if !strings.Contains(guide, want) {
			t.Errorf("the guide does not mention %s", want)
		}
	}
}
