package runcommand

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// actionConfig is the action's configuration with the given string
// attributes set and the rest null.
func actionConfig(t *testing.T, set map[string]string) tfsdk.Config {
	t.Helper()
	schema := runCommandActionSchema()
	object := schema.Type().TerraformType(context.Background()).(tftypes.Object) //nolint:forcetypeassert // a schema is an object
	values := map[string]tftypes.Value{}
	for name, typ := range object.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	for name, value := range set {
		values[name] = tftypes.NewValue(tftypes.String, value)
	}
	values["instance_ids"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String},
		[]tftypes.Value{tftypes.NewValue(tftypes.String, "ace0706b2ac4454d984295a942130001")})
	return tfsdk.Config{Schema: schema, Raw: tftypes.NewValue(object, values)}
}

// TestActionValidateConfig: exactly one command, the arguments of an
// inline script not with a saved command, and a wait_timeout that is a
// duration.
func TestActionValidateConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  map[string]string
		want string // a fragment of the error, "" for none
	}{
		{"script", map[string]string{"command_content": "echo hi"}, ""},
		{"write-only script", map[string]string{"command_content_wo": "echo hi"}, ""},
		{"saved command", map[string]string{"command_id": "c-hz01272yr52abcd"}, ""},
		{"no command", nil, "0 of command_content, command_content_wo and command_id are set"},
		{"two commands", map[string]string{"command_content": "echo hi", "command_id": "c-hz01272yr52abcd"}, "2 of command_content"},
		{"inline argument with a saved command", map[string]string{"command_id": "c-hz01272yr52abcd", "working_dir": "/srv"},
			"working_dir applies to an inline script"},
		{"wait_timeout", map[string]string{"command_content": "echo hi", "wait_timeout": "soon"}, `wait_timeout is "soon"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resp action.ValidateConfigResponse
			NewAction().(*runCommandAction).ValidateConfig(context.Background(), action.ValidateConfigRequest{Config: actionConfig(t, tc.set)}, &resp)
			var errs []string
			for _, d := range resp.Diagnostics.Errors() {
				errs = append(errs, d.Detail())
			}
			got := strings.Join(errs, "\n")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("errors %q, want %q", got, tc.want)
			}
		})
	}
}

// TestActionReport fails with each failing server's exit code and output,
// and quotes no output, in progress or in the error, with secret_output.
func TestActionReport(t *testing.T) {
	exitCode := int64(3)
	output := base64.StdEncoding.EncodeToString([]byte("step 1\ntoken=hunter2\n"))
	results := []serverResult{
		{instanceID: "i-1", invokeID: "t-1", status: "Success", outputBase64: output},
		{instanceID: "i-2", invokeID: "t-2", status: "Failed", errorCode: "ExitCodeNonzero", exitCode: &exitCode, outputBase64: output},
	}
	for _, secret := range []bool{false, true} {
		var progress []string
		run := &actionRun{instances: []string{"i-1", "i-2"}, secret: secret,
			send: func(e action.InvokeProgressEvent) { progress = append(progress, e.Message) }}
		var diags diag.Diagnostics
		run.report(results, true, &diags)
		if len(diags.Errors()) != 1 {
			t.Fatalf("secret %v: %v, want one error", secret, diags)
		}
		detail := diags.Errors()[0].Detail()
		if !strings.Contains(detail, "i-2 (invocation t-2): status Failed, exit code 3, error code ExitCodeNonzero") {
			t.Errorf("secret %v: the error does not name the failing server:\n%s", secret, detail)
		}
		if quoted := strings.Contains(detail+strings.Join(progress, "\n"), "hunter2"); quoted != !secret {
			t.Errorf("secret %v: output quoted %v:\n%s\n%v", secret, quoted, detail, progress)
		}
		var passed diag.Diagnostics
		run.report(results, false, &passed)
		if passed.HasError() {
			t.Errorf("require_success = false: %v", passed)
		}
	}
}

// TestActionWatcher reports a server's status when it changes and, on one
// server, the output's last lines as they grow, unless secret_output.
func TestActionWatcher(t *testing.T) {
	encode := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct {
		name      string
		instances []string
		secret    bool
		want      []string
	}{
		{"one server", []string{"i-1"}, false,
			[]string{"i-1: Running", "i-1: output so far:\nstep 1", "i-1: output so far:\nstep 1\nstep 2", "i-1: Success"}},
		{"secret", []string{"i-1"}, true, []string{"i-1: Running", "i-1: Success"}},
		{"several servers", []string{"i-1", "i-2"}, false, []string{"i-1: Running", "i-1: Success"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var progress []string
			run := &actionRun{instances: tc.instances, secret: tc.secret,
				send: func(e action.InvokeProgressEvent) { progress = append(progress, e.Message) }}
			watch := run.watcher("i-1")
			watch("Running", "")
			watch("Running", encode("step 1\n"))
			watch("Running", encode("step 1\n"))
			watch("Running", encode("step 1\nstep 2\n"))
			watch("Success", encode("step 1\nstep 2\n"))
			if strings.Join(progress, "|") != strings.Join(tc.want, "|") {
				t.Errorf("progress %q, want %q", progress, tc.want)
			}
		})
	}
}
