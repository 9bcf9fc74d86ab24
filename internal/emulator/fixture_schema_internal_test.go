package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// schemaFile is the fixture's JSON Schema, and referenceFile the page that
// documents it, rendered from it (SWAS_UPDATE_FIXTURE_REFERENCE=1 rewrites
// it).
const (
	schemaFile    = "fixture.schema.json"
	referenceFile = "../../templates/guides/emulator-fixture.md.tmpl"
)

// schemaNode is a JSON Schema object with its properties in file order.
type schemaNode struct {
	Ref                  string          `json:"$ref"`
	Description          string          `json:"description"`
	Type                 json.RawMessage `json:"type"`
	Format               string          `json:"format"`
	Enum                 []string        `json:"enum"`
	Required             []string        `json:"required"`
	Items                *schemaNode     `json:"items"`
	AllOf                []*schemaNode   `json:"allOf"`
	AdditionalProperties json.RawMessage `json:"additionalProperties"`
	Properties           orderedNodes    `json:"properties"`
	Defs                 orderedNodes    `json:"$defs"`
}

type orderedNodes struct {
	names []string
	nodes map[string]*schemaNode
}

func (o *orderedNodes) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return err
	}
	o.nodes = map[string]*schemaNode{}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		var n schemaNode
		if err := dec.Decode(&n); err != nil {
			return err
		}
		name := key.(string)
		o.names = append(o.names, name)
		o.nodes[name] = &n
	}
	return nil
}

func readSchema(t *testing.T) *schemaNode {
	t.Helper()
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var root schemaNode
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	return &root
}

// resolve follows n's $ref, if any, within root; a $ref beside other
// keywords keeps their description.
func resolve(root, n *schemaNode) *schemaNode {
	for n.Ref != "" {
		path := strings.Split(strings.TrimPrefix(n.Ref, "#/"), "/")
		target := root
		for i := 0; i < len(path); i += 2 {
			switch path[i] {
			case "$defs":
				target = target.Defs.nodes[path[i+1]]
			case "properties":
				target = target.Properties.nodes[path[i+1]]
			}
		}
		copied := *target
		if n.Description != "" {
			copied.Description = n.Description
		}
		n = &copied
	}
	return n
}

// additional is the schema of an object's other properties: nil when they
// are refused or not described.
func (n *schemaNode) additional() *schemaNode {
	var sub schemaNode
	if json.Unmarshal(n.AdditionalProperties, &sub) != nil {
		return nil
	}
	return &sub
}

// types is n's "type", one or several.
func (n *schemaNode) types() []string {
	var one string
	if json.Unmarshal(n.Type, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(n.Type, &many)
	return many
}

var (
	durationType = reflect.TypeFor[duration]()
	rateType     = reflect.TypeFor[rate]()
	timeType     = reflect.TypeFor[time.Time]()
)

// TestFixtureSchemaMatchesTypes holds the committed JSON Schema to the Go
// types the emulator reads a fixture into: the same fields, at every
// depth, of the same JSON types, with a description each, and no field the
// decoder would refuse.
func TestFixtureSchemaMatchesTypes(t *testing.T) {
	root := readSchema(t)
	matchSchema(t, root, "", root, reflect.TypeFor[fixture]())
}

func matchSchema(t *testing.T, root *schemaNode, at string, n *schemaNode, typ reflect.Type) {
	t.Helper()
	n = resolve(root, n)
	if at != "" && !strings.HasSuffix(at, "[]") && n.Description == "" {
		t.Errorf("%s: no description", at)
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	want := map[reflect.Type][]string{durationType: {"string"}, rateType: {"number", "string"}, timeType: {"string"}}[typ]
	if want == nil {
		want = []string{map[reflect.Kind]string{
			reflect.String: "string", reflect.Bool: "boolean", reflect.Int: "integer", reflect.Int64: "integer",
			reflect.Float64: "number", reflect.Slice: "array", reflect.Map: "object", reflect.Struct: "object",
			reflect.Interface: "",
		}[typ.Kind()]}
	}
	if got := n.types(); want[0] != "" && !slices.Equal(got, want) {
		t.Errorf("%s: type %v in the schema, %v in Go (%s)", at, got, want, typ)
	}
	switch {
	case typ == durationType || typ == rateType || typ == timeType:
	case typ.Kind() == reflect.Slice:
		if n.Items == nil {
			t.Errorf("%s: an array with no items", at)
			return
		}
		matchSchema(t, root, at+"[]", n.Items, typ.Elem())
	case typ.Kind() == reflect.Map && typ.Elem().Kind() != reflect.Interface:
		sub := n.additional()
		if sub == nil {
			t.Errorf("%s: a map with no additionalProperties", at)
			return
		}
		matchSchema(t, root, at+".*", sub, typ.Elem())
	case typ.Kind() == reflect.Struct:
		matchFields(t, root, at, n, typ)
	}
}

// matchFields checks that n's properties are the JSON fields of the
// struct typ, embedded ones included, and that n refuses any other.
func matchFields(t *testing.T, root *schemaNode, at string, n *schemaNode, typ reflect.Type) {
	t.Helper()
	if string(n.AdditionalProperties) != "false" {
		t.Errorf("%s: the schema allows other properties; the emulator refuses them", at)
	}
	fields := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous || !f.IsExported() || name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
	}
	prefix := at
	if prefix != "" {
		prefix += "."
	}
	for name, ft := range fields {
		p, ok := n.Properties.nodes[name]
		if !ok {
			t.Errorf("%s%s: in Go, not in the schema", prefix, name)
			continue
		}
		matchSchema(t, root, prefix+name, p, ft)
	}
	for _, name := range n.Properties.names {
		if _, ok := fields[name]; !ok {
			t.Errorf("%s%s: in the schema, not in Go", prefix, name)
		}
	}
	for _, name := range n.Required {
		if _, ok := fields[name]; !ok {
			t.Errorf("%s: requires %s, which it does not have", at, name)
		}
	}
}

// TestFixtureReferenceIsCurrent: the fixture reference page is the schema
// rendered, so that the page, the schema and the Go types cannot drift.
func TestFixtureReferenceIsCurrent(t *testing.T) {
	page := renderReference(readSchema(t))
	if os.Getenv("SWAS_UPDATE_FIXTURE_REFERENCE") == "1" {
		if err := os.WriteFile(referenceFile, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != page {
		t.Errorf("%s is not the schema rendered: run SWAS_UPDATE_FIXTURE_REFERENCE=1 go test ./internal/emulator -run TestFixtureReferenceIsCurrent, then make docs", referenceFile)
	}
}

const referenceHead = `---
page_title: "Emulator fixture reference"
subcategory: ""
description: |-
  Every field of the SWAS emulator's fixture file, with its type, default and units.
---

# Emulator fixture reference

` + "`swas-emulator -fixture FILE`" + ` reads a JSON file that seeds the emulator's world
and sets how it answers. Every field is optional but where the table says
required; a field the emulator does not know is refused, with its line.
Durations are strings as Go writes them: ` + "`\"300ms\"`, `\"1.5s\"`, `\"2m\"`, `\"1h30m\"`" + `.
Flags given on the command line win over the fixture's settings.

Editors can check and complete a fixture with its JSON Schema,
` + "`internal/emulator/fixture.schema.json`" + ` in the provider's repository: name its
address in the file's ` + "`\"$schema\"`" + ` field, as the example of
[Testing offline](testing-offline.md) does, or map it to your fixtures in the
editor's settings. The schema names fields exactly; the emulator, reading JSON as Go
does, also accepts them in other letter cases.

| field | type | description |
| --- | --- | --- |
`

// renderReference is the reference page of the schema root: one row a
// field, nested ones by their path, and the fields of a run's timeline in
// a table of their own.
func renderReference(root *schemaNode) string {
	var b strings.Builder
	b.WriteString(referenceHead)
	renderRows(&b, root, "", root)
	b.WriteString("\n## Timelines\n\n" + resolve(root, root.Defs.nodes["timeline"]).Description +
		" A timeline is `runCommand`, each of `invokeCommand`'s, and the fields of each of `invocations`.\n\n" +
		"| field | type | description |\n| --- | --- | --- |\n")
	renderRows(&b, root, "", root.Defs.nodes["timelineFields"])
	return b.String()
}

const timelineRef, timelineFieldRef = "#/$defs/timeline", "#/$defs/timelineFields/"

func renderRows(b *strings.Builder, root *schemaNode, at string, n *schemaNode) {
	n = resolve(root, n)
	timelineFields := false
	for _, name := range n.Properties.names {
		ref := n.Properties.nodes[name].Ref
		if strings.HasPrefix(ref, timelineFieldRef) {
			timelineFields = true
			continue
		}
		p := resolve(root, n.Properties.nodes[name])
		path := name
		if at != "" {
			path = at + "." + name
		}
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", path, kindOf(root, n, name, p), strings.ReplaceAll(p.Description, "|", "\\|"))
		switch {
		case ref == timelineRef:
		case p.Items != nil && len(resolve(root, p.Items).Properties.names) > 0:
			renderRows(b, root, path+"[]", p.Items)
		case len(p.Properties.names) > 0:
			renderRows(b, root, path, p)
		}
	}
	if timelineFields {
		fmt.Fprintf(b, "| `%s.pendingFor` … `%s.errorInfo` | timeline | The run's timeline: the fields of a timeline (below). |\n", at, at)
	}
}

// kindOf says what the property name of n is written as.
func kindOf(root, n *schemaNode, name string, p *schemaNode) string {
	ref := n.Properties.nodes[name].Ref
	kind := strings.Join(p.types(), " or ")
	switch {
	case ref == timelineRef:
		kind = "timeline (below)"
	case ref == "#/$defs/duration" || strings.HasSuffix(ref, "For"):
		kind = "duration"
	case p.Items != nil:
		kind = "list of " + strings.Join(resolve(root, p.Items).types(), " or ") + "s"
	case p.additional() != nil && p.additional().Ref == timelineRef:
		kind = "object of timelines (below)"
	case p.additional() != nil && p.additional().Ref == "#/$defs/duration":
		kind = "object of durations"
	}
	if len(p.Enum) > 0 {
		kind += ": " + strings.Join(p.Enum, ", ")
	}
	if slices.Contains(n.Required, name) {
		kind += ", required"
	}
	return kind
}
