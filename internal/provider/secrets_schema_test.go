package provider_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

// secretName is the name of an attribute that may hold a script,
// parameters or a command's output; their versions are numbers. A type
// declares such an attribute in its own schema: marked sensitive or
// write-only, as every one named so must be (but in an ephemeral resource
// or an action, which store nothing; an action's schema cannot mark an
// argument sensitive, and its write-only twins keep a secret out of plans). So a new type joins the checks below by being
// served, and no list here needs it.
var secretName = regexp.MustCompile(`^(command_content|parameters|output)(_[a-z0-9]+)*$`)

// versionName is the name of a write-only value's version.
var versionName = regexp.MustCompile(`_version$`)

// secretAttributes is, for every type the provider serves, each attribute
// named like a secret, nested ones as parent.child.
func secretAttributes(t *testing.T) map[string][]string {
	t.Helper()
	found := map[string][]string{}
	for _, typ := range servedTypes(t) {
		if typ.name == "provider" {
			continue
		}
		found[typ.name] = nil
		for _, at := range attributePaths(typ.object, path.Empty(), "") {
			if name := lastName(at.names); secretName.MatchString(name) && !versionName.MatchString(name) {
				found[typ.name] = append(found[typ.name], at.names)
			}
		}
	}
	return found
}

// TestSecretsAreHidden: every attribute that can hold a script, parameters
// or output is sensitive or write-only.
func TestSecretsAreHidden(t *testing.T) {
	secrets := 0
	for _, typ := range servedTypes(t) {
		if typ.name == "provider" {
			continue
		}
		for _, at := range attributePaths(typ.object, path.Empty(), "") {
			if name := lastName(at.names); !secretName.MatchString(name) || versionName.MatchString(name) {
				continue
			}
			secrets++
			a, found := typ.attribute(at.path)
			switch {
			case !found:
				t.Errorf("%s.%s: no such attribute", typ.name, at.names)
			case !strings.HasPrefix(typ.name, "ephemeral ") && !strings.HasPrefix(typ.name, "action ") && !a.IsSensitive() && !a.IsWriteOnly():
				t.Errorf("%s.%s can hold a secret, and is neither sensitive nor write-only", typ.name, at.names)
			}
		}
	}
	// The run-command resource alone has six: a check that found none
	// would have checked nothing.
	if secrets < 6 {
		t.Errorf("found %d attributes that can hold a secret, want at least swas_run_command's six", secrets)
	}
}

// TestSecretsGuideCoversEveryType: the guide to keeping secrets out of
// state names every type that can hold one, links the pages of both CLIs
// on ephemeral values, and says where a moved value stays.
func TestSecretsGuideCoversEveryType(t *testing.T) {
	guide := string(readFile(t, filepath.Join(acctest.RepositoryRoot(t), "templates", "guides", "keeping-secrets-out-of-state.md.tmpl")))
	for key, listed := range secretAttributes(t) {
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
