package swasclient

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The SDK as an oracle: what the official SDK's source, of the version
// go.mod pins, says of each action's request. Read from the module cache,
// so that an upgrade of the SDK is checked without anyone remembering to.

// sdkModule is the SWAS SDK this client is written against.
const sdkModule = "github.com/alibabacloud-go/swas-open-20200601/v3"

// requiredMark is how the SDK's doc comments mark a required request field;
// its Validate() checks nothing.
const requiredMark = "This parameter is required."

// Kinds of request fields, as they go on the wire.
const (
	kindString     = "string"
	kindInteger    = "integer"
	kindBoolean    = "boolean"
	kindJSONArray  = "JSON array"  // a list the SDK sends as one JSON string
	kindJSONObject = "JSON object" // a map the SDK sends as one JSON string
	kindRepeated   = "repeated"    // a list the SDK flattens as Name.1, Name.2
)

// sdkField is a request field of an action.
type sdkField struct {
	goName, wire string
	required     bool
	kind         string
	// inBody: the SDK sends it in the form body rather than the query.
	inBody bool
}

// sdkAction is what the SDK says of one action.
type sdkAction struct {
	name    string
	request string // the request struct's type
	// params are the fields of the action's openapiutil.Params literal,
	// e.g. Version "2020-06-01", Method "POST".
	params map[string]string
	fields map[string]*sdkField // by wire name
	// What the method shows: the wire names it sends in the body, and the
	// Go names of the lists and maps it sends as JSON.
	inBody, jsonStyled map[string]bool
}

// required lists the wire names of the required fields, sorted.
func (a *sdkAction) required() []string {
	var names []string
	for _, f := range a.fields {
		if f.required {
			names = append(names, f.wire)
		}
	}
	sort.Strings(names)
	return names
}

// sdk is every action of the SDK, by name.
type sdk struct {
	version string
	actions map[string]*sdkAction
}

// loadSDK parses the SDK's client package from the module cache: the
// directory and version `go list -m` reports for the module go.mod pins.
func loadSDK(t *testing.T) *sdk {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-json", sdkModule).Output()
	if err != nil {
		t.Fatalf("go list -m -json %s: %v", sdkModule, err)
	}
	var module struct{ Dir, Version string }
	if err := json.Unmarshal(out, &module); err != nil || module.Dir == "" {
		t.Fatalf("go list -m -json %s gave no directory (%v): %s; run go mod download", sdkModule, err, out)
	}
	dir := filepath.Join(module.Dir, "client")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	s := &sdk{version: module.Version, actions: map[string]*sdkAction{}}
	structs := map[string]*ast.StructType{}
	for _, f := range files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok {
						if st, ok := ts.Type.(*ast.StructType); ok {
							structs[ts.Name.Name] = st
						}
					}
				}
			case *ast.FuncDecl:
				if a := sdkActionOf(d); a != nil {
					s.actions[a.name] = a
				}
			}
		}
	}
	for _, a := range s.actions {
		st, ok := structs[a.request]
		if !ok {
			t.Fatalf("%s: no struct %s in the SDK", a.name, a.request)
		}
		for _, field := range st.Fields.List {
			if field.Tag == nil || len(field.Names) != 1 {
				continue
			}
			tag, _ := strconv.Unquote(field.Tag.Value)
			wire, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
			f := &sdkField{goName: field.Names[0].Name, wire: wire, required: strings.Contains(field.Doc.Text(), requiredMark),
				kind: fieldKind(field.Type, a.jsonStyled[field.Names[0].Name]), inBody: a.inBody[wire]}
			a.fields[wire] = f
		}
	}
	if len(s.actions) < 50 {
		t.Fatalf("read %d actions from %s: has the SDK's layout changed?", len(s.actions), dir)
	}
	return s
}

// sdkActionOf reads an action from the SDK's <Action>WithOptions method:
// its request type, its Params literal, where each field goes (query or
// body) and which lists and maps it sends as JSON.
func sdkActionOf(fn *ast.FuncDecl) *sdkAction {
	if fn.Recv == nil || !strings.HasSuffix(fn.Name.Name, "WithOptions") || fn.Body == nil || len(fn.Type.Params.List) == 0 {
		return nil
	}
	star, ok := fn.Type.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return nil
	}
	request, ok := star.X.(*ast.Ident)
	if !ok {
		return nil
	}
	a := &sdkAction{request: request.Name, params: map[string]string{}, fields: map[string]*sdkField{},
		inBody: map[string]bool{}, jsonStyled: map[string]bool{}}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Params" {
				for _, elt := range n.Elts {
					if kv, ok := elt.(*ast.KeyValueExpr); ok {
						if key, ok := kv.Key.(*ast.Ident); ok {
							a.params[key.Name] = stringArgument(kv.Value)
						}
					}
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			// query["Wire"] = request.Field, or body["Wire"] = ...
			if index, ok := n.Lhs[0].(*ast.IndexExpr); ok {
				if m, ok := index.X.(*ast.Ident); ok && (m.Name == "query" || m.Name == "body") {
					if wire := stringArgument(index.Index); wire != "" && m.Name == "body" {
						a.inBody[wire] = true
					}
				}
			}
			// request.XShrink = openapiutil.ArrayToStringWithSpecifiedStyle(tmpReq.X, ..., dara.String("json"))
			if call, ok := n.Rhs[0].(*ast.CallExpr); ok && len(call.Args) == 3 {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ArrayToStringWithSpecifiedStyle" &&
					stringArgument(call.Args[2]) == "json" {
					if field, ok := call.Args[0].(*ast.SelectorExpr); ok {
						a.jsonStyled[field.Sel.Name] = true
					}
				}
			}
		}
		return true
	})
	a.name = a.params["Action"]
	if a.name == "" || a.name+"WithOptions" != fn.Name.Name {
		return nil
	}
	return a
}

// stringArgument is the string in "x" or dara.String("x"), else "".
func stringArgument(e ast.Expr) string {
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 1 {
		e = call.Args[0]
	}
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, _ := strconv.Unquote(lit.Value)
		return s
	}
	return ""
}

// fieldKind is how the SDK sends a request field of this Go type: lists
// and maps as one JSON string when styled so, else flattened.
func fieldKind(e ast.Expr, jsonStyled bool) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		if id, ok := t.X.(*ast.Ident); ok {
			switch id.Name {
			case "bool":
				return kindBoolean
			case "int", "int32", "int64":
				return kindInteger
			}
		}
	case *ast.ArrayType:
		if jsonStyled {
			return kindJSONArray
		}
		return kindRepeated
	case *ast.MapType:
		if jsonStyled {
			return kindJSONObject
		}
		return kindRepeated
	}
	return kindString
}
