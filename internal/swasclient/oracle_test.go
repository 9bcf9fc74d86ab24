package swasclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestSDKOracle holds the client and the emulator to the official SDK of
// the version go.mod pins, so that where both read the API the same wrong
// way, the SDK, which neither was written from, tells. For every action
// this package sends (read from its source, so that a new one is covered
// without a list to update), it
//
//   - checks the action's Params (version, method, style) against the
//     SDK's;
//   - records what the client sends on the wire, through its own HTTP
//     transport, and fails on a required field missing or empty, a field
//     the SDK's request struct does not have or sends elsewhere (query or
//     body), or a value the SDK would encode otherwise (integers, booleans,
//     lists and maps sent as one JSON string);
//   - sends the emulator the client's request with each required field left
//     out, and expects it to refuse it with Missing<Field>, as the API's
//     gateway does.
func TestSDKOracle(t *testing.T) {
	sdk := loadSDK(t)
	actions := clientActions(t)
	env := newOracleEnv(t)
	env.exerciseClient(t)
	recorded := env.recorder.snapshot()
	t.Logf("SDK %s %s; the client sends %d actions", sdkModule, sdk.version, len(actions))
	for _, action := range slices.Sorted(maps.Keys(actions)) {
		t.Run(action, func(t *testing.T) {
			spec, ok := sdk.actions[action]
			if !ok {
				t.Fatalf("the client sends %s (%s), which SDK %s has no method for", action, actions[action], sdk.version)
			}
			checkParams(t, spec)
			requests := recorded[action]
			if len(requests) == 0 {
				t.Fatalf("the client sends %s (%s), but the oracle's exerciseClient never made it send one: add a call there",
					action, actions[action])
			}
			for _, r := range requests {
				checkRequest(t, spec, r)
			}
			t.Logf("%s: required %s; sent %s", action, strings.Join(spec.required(), ", "), strings.Join(sentNames(requests), ", "))
			env.expectMissingRefused(t, spec, requests)
		})
	}
}

// clientActions are the actions this package sends: the action argument
// of every call and callRetrying in its source, resolved through the
// constants it names, each with where it is sent from.
func clientActions(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	constants := map[string]string{}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, decl := range f.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok {
				addConstants(constants, gen)
			}
		}
	}
	actions := map[string]string{}
	for _, f := range files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			local := maps.Clone(constants)
			forwarded := map[string]bool{} // call passes its caller's action on
			for _, field := range fn.Type.Params.List {
				for _, name := range field.Names {
					forwarded[name.Name] = true
				}
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if stmt, ok := n.(*ast.DeclStmt); ok {
					addConstants(local, stmt.Decl.(*ast.GenDecl)) //nolint:forcetypeassert // a DeclStmt holds a GenDecl
				}
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "call" && sel.Sel.Name != "callRetrying") || len(call.Args) < 2 {
					return true
				}
				where := fmt.Sprintf("%s in %s", fn.Name.Name, fset.Position(call.Pos()))
				action := stringArgument(call.Args[1])
				if id, ok := call.Args[1].(*ast.Ident); ok {
					if forwarded[id.Name] {
						return true
					}
					action = local[id.Name]
				}
				if action == "" {
					t.Errorf("cannot tell which action %s sends: name it with a string constant", where)
					return true
				}
				actions[action] = where
				return true
			})
		}
	}
	if len(actions) < 10 {
		t.Fatalf("found %d actions in the client's source: has its layout changed?", len(actions))
	}
	return actions
}

// addConstants adds the string constants of a declaration to constants.
func addConstants(constants map[string]string, gen *ast.GenDecl) {
	if gen.Tok != token.CONST {
		return
	}
	for _, spec := range gen.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for i, name := range vs.Names {
			if i < len(vs.Values) {
				if value := stringArgument(vs.Values[i]); value != "" {
					constants[name.Name] = value
				}
			}
		}
	}
}

// checkParams compares what rpcParams says of the action with the SDK's
// Params literal.
func checkParams(t *testing.T, spec *sdkAction) {
	t.Helper()
	ours := rpcParams(spec.name)
	for name, got := range map[string]*string{
		"Version": ours.Version, "Protocol": ours.Protocol, "Pathname": ours.Pathname, "Method": ours.Method,
		"AuthType": ours.AuthType, "Style": ours.Style, "ReqBodyType": ours.ReqBodyType, "BodyType": ours.BodyType,
	} {
		if want := spec.params[name]; dara.StringValue(got) != want {
			t.Errorf("rpcParams(%s).%s = %q, the SDK's is %q", spec.name, name, dara.StringValue(got), want)
		}
	}
}

// wireRequest is one request as the emulator received it.
type wireRequest struct {
	query, body url.Values
	status      int
}

// value is the field's value and whether the request has it, where the
// SDK sends it.
func (r wireRequest) value(f *sdkField) (string, bool) {
	values := r.query
	if f.inBody {
		values = r.body
	}
	v, ok := values[f.wire]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// checkRequest holds one request to the SDK's request struct.
func checkRequest(t *testing.T, spec *sdkAction, r wireRequest) {
	t.Helper()
	for _, name := range spec.required() {
		if v, ok := r.value(spec.fields[name]); !ok || v == "" {
			t.Errorf("%s without %s, which the SDK documents as required (%q on %s.%s)",
				spec.name, name, requiredMark, spec.request, spec.fields[name].goName)
		}
	}
	for where, values := range map[string]url.Values{"query": r.query, "body": r.body} {
		for name, v := range values {
			f := spec.field(name)
			switch {
			case f == nil:
				t.Errorf("%s sends %s=%q, a field %s does not have", spec.name, name, v[0], spec.request)
			case f.inBody != (where == "body"):
				t.Errorf("%s sends %s in the %s; the SDK sends it elsewhere", spec.name, name, where)
			case f.wire == name:
				if problem := encodingProblem(f, v[0]); problem != "" {
					t.Errorf("%s sends %s=%q: %s", spec.name, name, v[0], problem)
				}
			}
		}
	}
}

// field is the request field a wire name belongs to: its own, or a
// repeated field's flattened element (Tag.1.Key).
func (a *sdkAction) field(wire string) *sdkField {
	if f, ok := a.fields[wire]; ok {
		return f
	}
	prefix, _, _ := strings.Cut(wire, ".")
	if f, ok := a.fields[prefix]; ok && f.kind == kindRepeated {
		return f
	}
	return nil
}

// encodingProblem says how a value differs from what the SDK would send
// for a field of its kind, or "".
func encodingProblem(f *sdkField, v string) string {
	switch f.kind {
	case kindInteger:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "the SDK sends an integer"
		}
	case kindBoolean:
		if v != "true" && v != "false" {
			return "the SDK sends true or false"
		}
	case kindJSONArray, kindJSONObject:
		var decoded any
		if err := json.Unmarshal([]byte(v), &decoded); err != nil {
			return "the SDK sends a " + f.kind + ": " + err.Error()
		}
		_, isArray := decoded.([]any)
		_, isObject := decoded.(map[string]any)
		if (f.kind == kindJSONArray && !isArray) || (f.kind == kindJSONObject && !isObject) {
			return "the SDK sends a " + f.kind
		}
		if sdkForm := dara.Stringify(decoded); sdkForm != v {
			return fmt.Sprintf("the SDK would encode it as %q", sdkForm)
		}
	}
	return ""
}

// sentNames are the field names the requests carried.
func sentNames(requests []wireRequest) []string {
	names := map[string]bool{}
	for _, r := range requests {
		for name := range r.query {
			names[name] = true
		}
		for name := range r.body {
			names[name] = true
		}
	}
	return slices.Sorted(maps.Keys(names))
}

// oracleEnv is an emulator behind a recorder of what it receives, and a
// client of it.
type oracleEnv struct {
	server   *emulator.Server
	recorder *wireRecorder
	client   *Client
}

func newOracleEnv(t *testing.T) *oracleEnv {
	t.Helper()
	server := emulator.New(emulator.Options{
		Clock:       emulator.NewManualClock(worldStart),
		Credentials: []emulator.Credential{{AccessKeyID: "LTAI5tRunCommandTest", AccessKeySecret: "secret"}},
	})
	for _, id := range []string{runInstance, "s2"} {
		server.AddInstance(emulator.Instance{ID: id, RegionID: runRegion, Status: emulator.InstanceRunning})
	}
	recorder := &wireRecorder{next: server, byAction: map[string][]wireRequest{}}
	srv := httptest.NewServer(recorder)
	t.Cleanup(srv.Close)
	return &oracleEnv{server: server, recorder: recorder, client: newTestClient(t, srv.URL)}
}

// exerciseClient makes the client send every action it has, with every
// optional field it can send: each exported method that calls the API.
func (env *oracleEnv) exerciseClient(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), callTimeout)
	defer cancel()
	c := env.client
	// A failure is reported and the calls go on, so that the checks see
	// every request; only a call whose result later calls need stops them.
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	needs := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	poll := PollSchedule{Min: time.Millisecond, Max: time.Millisecond}
	wait := WaitOptions{Poll: poll, NotFoundGrace: time.Second}
	env.server.AdvanceClockOnRequest("", time.Second)

	id, err := c.CreateCommand(ctx, Command{RegionID: runRegion, Name: "deploy", Type: shellScriptType,
		Content: "deploy {{version}}", Description: "Deploys", WorkingDir: "/srv", Timeout: 30, EnableParameter: true})
	needs("CreateCommand", err)
	_, err = c.DescribeCommands(ctx, CommandFilter{RegionID: runRegion, CommandID: id, Name: "deploy", Type: shellScriptType}, 10)
	must("DescribeCommands", err)
	_, err = c.DescribeCommand(ctx, runRegion, id)
	must("DescribeCommand", err)
	must("UpdateCommandAttribute", c.UpdateCommandAttribute(ctx, CommandUpdate{RegionID: runRegion, CommandID: id,
		Name: "deploy-app", Description: "Deploys the app", WorkingDir: "/opt", Timeout: 60}))
	started, err := c.InvokeCommand(ctx, InvokeCommandInput{RegionID: runRegion, CommandID: id,
		InstanceIDs: []string{runInstance, "s2"}, Parameters: map[string]string{"version": "<1.4&2>"}, Username: "deploy"})
	needs("InvokeCommand", err)
	_, err = c.WaitForCommandInvocation(ctx, runRegion, started.InvokeID, wait, nil)
	must("WaitForCommandInvocation", err)

	run, err := c.RunCommand(ctx, RunCommandInput{RegionID: runRegion, InstanceID: runInstance, Name: "hello",
		Type: shellScriptType, CommandContent: "echo {{name}}", Timeout: 30, WorkingDir: "/tmp", WorkingUser: "deploy",
		EnableParameter: true, Parameters: map[string]string{"name": "<Jack & Jill>"}})
	needs("RunCommand", err)
	_, err = c.WaitForInvocation(ctx, InvocationRef{RegionID: runRegion, InstanceID: runInstance, InvokeID: run.InvokeID}, wait)
	must("WaitForInvocation", err)
	_, err = c.RunCommand(ctx, RunCommandInput{RegionID: runRegion, InstanceID: runInstance, Name: "windows",
		Type: "RunPowerShellScript", CommandContent: "dir", WorkingUser: "admin", WindowsPasswordName: "admin-password"})
	must("RunCommand on Windows", err)
	_, err = c.DescribeInvocations(ctx, InvocationFilter{RegionID: runRegion, InstanceID: runInstance, InvokeStatus: "Finished"}, 100)
	must("DescribeInvocations", err)

	agent := InstanceRef{RegionID: runRegion, InstanceID: runInstance}
	_, err = c.DescribeCloudAssistant(ctx, agent)
	must("DescribeCloudAssistant", err)
	_, err = c.CloudAssistantInstalled(ctx, agent)
	must("CloudAssistantInstalled", err)
	_, err = c.WaitForCloudAssistant(ctx, agent, poll)
	must("WaitForCloudAssistant", err)

	// Deleting the command while it runs lists its running invocations.
	env.server.SetInvokeCommand(func(inv *emulator.Invocation) { inv.RunningFor = 5 * time.Second })
	_, err = c.InvokeCommand(ctx, InvokeCommandInput{RegionID: runRegion, CommandID: id, InstanceIDs: []string{"s2"},
		Parameters: map[string]string{"version": "2"}})
	must("InvokeCommand", err)
	must("DeleteCommandWhenIdle", c.DeleteCommandWhenIdle(ctx, runRegion, id, poll))
	if env.server.ActionRequestsWithOutcome("DeleteCommand", "InvalidStatus.CmdIdInUse") == 0 {
		t.Error("the delete never waited: the running invocations were never listed")
	}
}

// shellScriptType is the Linux command type.
const shellScriptType = "RunShellScript"

// expectMissingRefused sends the action again, as the client sent it when
// it succeeded, with each required field left out: the emulator must
// refuse it with Missing<Field>, as the API's gateway does.
func (env *oracleEnv) expectMissingRefused(t *testing.T, spec *sdkAction, requests []wireRequest) {
	t.Helper()
	i := slices.IndexFunc(requests, func(r wireRequest) bool { return r.status == http.StatusOK })
	if i < 0 {
		t.Errorf("no %s request succeeded, to send again without each required field", spec.name)
		return
	}
	sent := requests[i]
	region := sent.query.Get("RegionId")
	for _, name := range spec.required() {
		query := map[string]any{}
		for k, v := range sent.query {
			if k != name {
				query[k] = v[0]
			}
		}
		sdk, err := env.client.newSDK(region)
		if err != nil {
			t.Fatal(err)
		}
		_, err = sdk.CallApiWithCtx(t.Context(), rpcParams(spec.name), &openapiutil.OpenApiRequest{Query: openapiutil.Query(query)},
			&dara.RuntimeOptions{})
		if got := classify(spec.name, err); got.Code != "Missing"+name {
			t.Errorf("without %s, which the SDK documents as required, the emulator answered %v; want Missing%s", name, err, name)
		}
	}
}

// wireRecorder records each request's parameters and answer status before
// and after the emulator serves it.
type wireRecorder struct {
	next     http.Handler
	mu       sync.Mutex
	byAction map[string][]wireRequest
}

func (rec *wireRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	status := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	rec.next.ServeHTTP(status, r)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	action := r.Header.Get("x-acs-action")
	rec.byAction[action] = append(rec.byAction[action], wireRequest{query: r.URL.Query(), body: form, status: status.status})
}

// snapshot is what was recorded so far, by action.
func (rec *wireRecorder) snapshot() map[string][]wireRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return maps.Clone(rec.byAction)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
