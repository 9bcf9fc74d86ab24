package auth

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestSettingIDs: every id the resolver reads names exactly one setting,
// and the key variables come in whole families.
func TestSettingIDs(t *testing.T) {
	seen := map[settingID]int{}
	for _, src := range sources {
		for _, s := range src.settings {
			if s.id != 0 {
				seen[s.id]++
			}
		}
	}
	for id := settingID(1); id < settingIDs; id++ {
		if seen[id] != 1 {
			t.Errorf("setting id %d is in the table %d times, want once", id, seen[id])
		}
	}
	if n := len(variables(accessKey)); len(variables(secretKey)) != n || len(variables(securityToken)) != n {
		t.Errorf("the key settings list different numbers of variables: %v, %v, %v",
			variables(accessKey), variables(secretKey), variables(securityToken))
	}
}

// TestMessagesFollowTheTable: the error and the precedence description name
// every setting of the sources they list, in the table's order.
func TestMessagesFollowTheTable(t *testing.T) {
	var inTurnNames, allNames []string
	for _, src := range sources {
		for _, s := range src.settings {
			if len(s.env) == 0 {
				continue
			}
			names := append([]string{s.attribute}, s.env...)
			if s.attribute == "" {
				names = s.env
			}
			allNames = append(allNames, names...)
			if src.when == inTurn {
				inTurnNames = append(inTurnNames, names...)
			}
		}
	}
	inTurnNames = append(append(inTurnNames, "assume_role"), variables(roleARN)...)
	if missing := notInOrder(ErrNoCredentials.Error(), inTurnNames); missing != "" {
		t.Errorf("ErrNoCredentials does not name %s in the table's order:\n%s", missing, ErrNoCredentials)
	}
	if missing := notInOrder(PrecedenceDescription, allNames); missing != "" {
		t.Errorf("PrecedenceDescription does not name %s in the table's order:\n%s", missing, PrecedenceDescription)
	}
}

// TestDocumentationAgreesWithTheTable checks the hand-written documentation
// against the table: the package documentation and the provider's
// Authentication guide name every variable, each setting's variables in
// precedence order, and the sources in the order Resolve tries them. The
// generated schema part of docs/index.md must carry Description.
func TestDocumentationAgreesWithTheTable(t *testing.T) {
	index, err := os.ReadFile("../../docs/index.md")
	if err != nil {
		t.Fatal(err)
	}
	guide, _, ok := strings.Cut(string(index), "\n## Region")
	_, guide, ok2 := strings.Cut(guide, "\n## Authentication")
	_, schemaDocs, ok3 := strings.Cut(string(index), "\n## Schema")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/index.md has no Authentication, Region or Schema section")
	}

	f, err := parser.ParseFile(token.NewFileSet(), "auth.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"the package documentation": f.Doc.Text(), "docs/index.md": guide} {
		checkDocumentation(t, name, text)
	}
	checkSchemaDocs(t, schemaDocs)
}

func checkDocumentation(t *testing.T, doc, text string) {
	t.Helper()
	// A Markdown table's rows are separate passages.
	var paragraphs []string
	for _, p := range strings.Split(text, "\n\n") {
		if strings.HasPrefix(p, "|") {
			paragraphs = append(paragraphs, strings.Split(p, "\n")...)
		} else {
			paragraphs = append(paragraphs, p)
		}
	}
	var sourceVars, sourceAttrs []string
	for _, src := range sources {
		first := true
		for _, s := range src.settings {
			if len(s.env) == 0 {
				continue
			}
			if src.when == inTurn && first {
				sourceVars = append(sourceVars, s.env[0])
				if s.attribute != "" {
					block, _, _ := strings.Cut(s.attribute, ".")
					sourceAttrs = append(sourceAttrs, block)
				}
				first = false
			}
			found := false
			for _, p := range paragraphs {
				found = found || notInOrder(p, s.env) == ""
			}
			if !found {
				t.Errorf("%s has no paragraph that names %s in this order", doc, strings.Join(s.env, ", "))
			}
		}
	}
	if missing := notInOrder(text, sourceVars); missing != "" {
		t.Errorf("%s does not name the sources' variables %v in their order: %s is out of place", doc, sourceVars, missing)
	}
	if missing := notInOrder(text, sourceAttrs); missing != "" {
		t.Errorf("%s does not name the sources' attributes %v in their order: %s is out of place", doc, sourceAttrs, missing)
	}
}

// checkSchemaDocs finds every attribute of the table in the generated schema
// documentation, described by Description.
func checkSchemaDocs(t *testing.T, schemaDocs string) {
	t.Helper()
	sections := map[string]string{}
	top, nested, _ := strings.Cut(schemaDocs, `<a id="nestedblock--`)
	sections[""] = top
	for _, block := range strings.Split(nested, `<a id="nestedblock--`) {
		name, body, _ := strings.Cut(block, `"`)
		sections[name] = body
	}
	for _, src := range sources {
		for _, s := range src.settings {
			if s.attribute == "" {
				continue
			}
			block, attr, nestedAttr := strings.Cut(s.attribute, ".")
			if !nestedAttr {
				block, attr = "", block
			}
			line := regexp.MustCompile("(?m)^- `" + attr + "` \\(.*$").FindString(sections[block])
			if !strings.Contains(line, Description(s.attribute)) {
				t.Errorf("docs/index.md describes %s as %q, want %q: run scripts/docs.sh", s.attribute, line, Description(s.attribute))
			}
		}
	}
}

// notInOrder returns the first of names that text does not mention, as a
// whole word, after the names before it; "" when all are there in order.
func notInOrder(text string, names []string) string {
	for _, name := range names {
		loc := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).FindStringIndex(text)
		if loc == nil {
			return name
		}
		text = text[loc[1]:]
	}
	return ""
}

// TestPrecedenceDescriptionNumbersTheSourcesTriedInTurn: the sources tried
// in turn are a numbered list in the table's order; the others are bullets.
func TestPrecedenceDescriptionNumbersTheSourcesTriedInTurn(t *testing.T) {
	var numbered, bullets []string
	for _, line := range strings.Split(PrecedenceDescription, "\n") {
		if n, text, ok := strings.Cut(line, ". "); ok && regexp.MustCompile(`^\d+$`).MatchString(n) {
			numbered = append(numbered, n+". "+text)
		} else if strings.HasPrefix(line, "- ") {
			bullets = append(bullets, line)
		}
	}
	n := 0
	for _, src := range sources {
		if src.when != inTurn {
			continue
		}
		n++
		want := fmt.Sprintf("%d. %s", n, src.describe())
		if len(numbered) < n || numbered[n-1] != want {
			t.Errorf("item %d of the numbered list: want %q in\n%s", n, want, PrecedenceDescription)
		}
	}
	if len(numbered) != n || len(bullets) != len(sources)-n {
		t.Errorf("%d numbered items and %d bullets, want %d and %d:\n%s", len(numbered), len(bullets), n, len(sources)-n, PrecedenceDescription)
	}
}

// TestDescribe: a source lists its required settings, then its optional
// ones, each with its variables and note in parentheses when it has any.
func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		settings []setting
		want     string
	}{
		{settings: []setting{{attribute: "a", required: true}}, want: "s: `a`"},
		{settings: []setting{{attribute: "a", env: []string{"A"}}}, want: "s: `a` (`A`)"},
		{settings: []setting{{env: []string{"A", "B"}, required: true}}, want: "s: `A` or `B`"},
		{settings: []setting{{env: []string{"A"}, note: "n"}}, want: "s: `A` (n)"},
		{settings: []setting{{attribute: "a", required: true, note: "n"}}, want: "s: `a` (n)"},
		{settings: []setting{{attribute: "a"}, {attribute: "b", env: []string{"B"}, required: true, note: "n"}},
			want: "s: `b` (`B`; n)"},
		{settings: []setting{{attribute: "a", required: true}, {attribute: "b", required: true},
			{env: []string{"C"}}, {env: []string{"D"}}, {env: []string{"E"}}},
			want: "s: `a` and `b`, plus `C`, `D` and `E`"},
	} {
		if got := (source{name: "s", settings: tc.settings}).describe(); got != tc.want {
			t.Errorf("describe(%+v) = %q, want %q", tc.settings, got, tc.want)
		}
	}
}
