package provider_test

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/openswas/terraform-provider-swas/internal/acctest"
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
	// A list's config block only filters; the resources it lists carry
	// their own schemas, secrets marked.
	"list swas_run_command": {},
	"list swas_command":     {},
	// An action stores nothing, and its schema cannot mark an argument
	// sensitive: its write-only twins keep a secret out of plans.
	"action swas_run_command": {"command_content", "command_content_wo", "parameters", "parameters_wo"},
}

// secretName is the name of an attribute that may hold a script,
// parameters or output; their versions are numbers.
var secretName = regexp.MustCompile(`^(command_content|parameters|output)(_[a-z0-9]+)*$`)

// versionName is the name of a write-only value's version.
var versionName = regexp.MustCompile(`_version$`)

// TestSecretsAreHidden checks secretAttributes against every type the
// provider serves.
func TestSecretsAreHidden(t *testing.T) {
	seen := map[string]bool{}
	for _, typ := range servedTypes(t) {
		if typ.name == "provider" {
			continue
		}
		seen[typ.name] = true
		listed, ok := secretAttributes[typ.name]
		if !ok {
			t.Errorf("%s is not in secretAttributes: list the attributes that can hold a script, parameters or output", typ.name)
			continue
		}
		var names []string
		for _, at := range attributePaths(typ.object, path.Empty(), "") {
			names = append(names, at.names)
			if name := lastName(at.names); secretName.MatchString(name) && !versionName.MatchString(name) && !slices.Contains(listed, at.names) {
				t.Errorf("%s.%s looks like a script, parameters or output: list it in secretAttributes", typ.name, at.names)
			}
			if !slices.Contains(listed, at.names) {
				continue
			}
			a, found := typ.attribute(at.path)
			switch {
			case !found:
				t.Errorf("%s.%s: no such attribute", typ.name, at.names)
			case !strings.HasPrefix(typ.name, "ephemeral ") && !strings.HasPrefix(typ.name, "action ") && !a.IsSensitive() && !a.IsWriteOnly():
				t.Errorf("%s.%s can hold a secret, and is neither sensitive nor write-only", typ.name, at.names)
			}
		}
		for _, name := range listed {
			if !slices.Contains(names, name) {
				t.Errorf("%s.%s is listed but not in the schema", typ.name, name)
			}
		}
	}
	for key := range secretAttributes {
		if !seen[key] {
			t.Errorf("secretAttributes lists %s, which the provider does not serve", key)
		}
	}
}

// TestSecretsGuideCoversEveryType: the guide to keeping secrets out of
// state names every type that can hold one, links the pages of both CLIs
// on ephemeral values, and says where a moved value stays.
func TestSecretsGuideCoversEveryType(t *testing.T) {
	guide := string(readFile(t, filepath.Join(acctest.RepositoryRoot(t), "templates", "guides", "keeping-secrets-out-of-state.md.tmpl")))
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
