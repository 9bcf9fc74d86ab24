package emulator_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

func createCommand(t *testing.T, c *swas.Client, req *swas.CreateCommandRequest) string {
	t.Helper()
	req.RegionId = tea.String(testRegion)
	resp, err := c.CreateCommand(req)
	if err != nil {
		t.Fatalf("CreateCommand: %v", err)
	}
	return tea.StringValue(resp.Body.CommandId)
}

// describeCommands lists the commands saved by the user (Provider User)
// unless req names another provider.
func describeCommands(t *testing.T, c *swas.Client, req *swas.DescribeCommandsRequest) *swas.DescribeCommandsResponseBody {
	t.Helper()
	req.RegionId = tea.String(testRegion)
	if req.Provider == nil {
		req.Provider = tea.String("User")
	}
	resp, err := c.DescribeCommands(req)
	if err != nil {
		t.Fatalf("DescribeCommands: %v", err)
	}
	return resp.Body
}

func TestSavedCommandLifecycle(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	id := createCommand(t, c, &swas.CreateCommandRequest{
		Name: tea.String("deploy"), Type: tea.String("RunShellScript"), EnableParameter: tea.Bool(true),
		CommandContent: tea.String("echo {{ version }} {{env}} {{Version}}"), Description: tea.String("d"),
	})
	got := describeCommands(t, c, &swas.DescribeCommandsRequest{CommandId: tea.String(id)})
	if tea.Int32Value(got.TotalCount) != 1 {
		t.Fatalf("TotalCount = %d, want 1", tea.Int32Value(got.TotalCount))
	}
	cmd := got.Commands[0]
	if names := tea.StringSliceValue(cmd.ParameterNames); !slices.Equal(names, []string{"version", "env"}) {
		t.Errorf("ParameterNames = %v, want [version env]", names)
	}
	if tea.Int64Value(cmd.Timeout) != 60 || tea.StringValue(cmd.CommandContent) != "echo {{ version }} {{env}} {{Version}}" {
		t.Errorf("Timeout %d, content %q", tea.Int64Value(cmd.Timeout), tea.StringValue(cmd.CommandContent))
	}
	_, err := c.UpdateCommandAttribute(&swas.UpdateCommandAttributeRequest{RegionId: tea.String(testRegion),
		CommandId: tea.String(id), Name: tea.String("deploy2"), Timeout: tea.Int64(120)})
	if err != nil {
		t.Fatal(err)
	}
	cmd = describeCommands(t, c, &swas.DescribeCommandsRequest{CommandId: tea.String(id)}).Commands[0]
	if tea.StringValue(cmd.Name) != "deploy2" || tea.Int64Value(cmd.Timeout) != 120 || tea.StringValue(cmd.Description) != "d" {
		t.Errorf("after update: name %q timeout %d description %q", tea.StringValue(cmd.Name), tea.Int64Value(cmd.Timeout), tea.StringValue(cmd.Description))
	}
	if _, err := c.DeleteCommand(&swas.DeleteCommandRequest{RegionId: tea.String(testRegion), CommandId: tea.String(id)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteCommand(&swas.DeleteCommandRequest{RegionId: tea.String(testRegion), CommandId: tea.String(id)})
	wantAPIError(t, err, "InvalidCommandId.NotFound", 404)
}

func TestCreateCommandLimits(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	many := ""
	for i := range 21 {
		many += fmt.Sprintf("{{p%d}}", i)
	}
	for name, req := range map[string]*swas.CreateCommandRequest{
		"long name":        {Name: tea.String(strings.Repeat("n", 129)), Type: tea.String("RunShellScript"), CommandContent: tea.String("x")},
		"long description": {Name: tea.String("n"), Description: tea.String(strings.Repeat("d", 513)), Type: tea.String("RunShellScript"), CommandContent: tea.String("x")},
		"large content":    {Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String(strings.Repeat("x", 18*1024*3/4+1))},
		"bad type":         {Name: tea.String("n"), Type: tea.String("Python"), CommandContent: tea.String("x")},
		"bad timeout":      {Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("x"), Timeout: tea.Int64(5)},
		"bad parameter":    {Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("{{a.b}}"), EnableParameter: tea.Bool(true)},
		"21 parameters":    {Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String(many), EnableParameter: tea.Bool(true)},
	} {
		req.RegionId = tea.String(testRegion)
		_, err := c.CreateCommand(req)
		t.Run(name, func(t *testing.T) { wantAPIError(t, err, "InvalidParam", 403) })
	}
	// Without EnableParameter, braces are only text.
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("{{a.b}}")})
	if names := describeCommands(t, c, &swas.DescribeCommandsRequest{CommandId: tea.String(id)}).Commands[0].ParameterNames; len(names) != 0 {
		t.Errorf("ParameterNames = %v, want none", tea.StringSliceValue(names))
	}
}

// TestCommandLimitsBoundaries: CreateCommand takes a request at each
// documented limit and rejects it one past; UpdateCommandAttribute applies
// the same name and description limits. Names and descriptions are counted
// in characters.
func TestCommandLimitsBoundaries(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	placeholders := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "{{p%d}}", i)
		}
		return b.String()
	}
	create := func(name, description, content string) error {
		_, err := c.CreateCommand(&swas.CreateCommandRequest{RegionId: tea.String(testRegion), Name: tea.String(name),
			Description: tea.String(description), Type: tea.String("RunShellScript"),
			CommandContent: tea.String(content), EnableParameter: tea.Bool(true)})
		return err
	}
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("x")})
	update := func(name, description string) error {
		_, err := c.UpdateCommandAttribute(&swas.UpdateCommandAttributeRequest{RegionId: tea.String(testRegion),
			CommandId: tea.String(id), Name: tea.String(name), Description: tea.String(description)})
		return err
	}
	for _, tc := range []struct {
		name    string
		limit   int
		request func(n int) error
	}{
		{"name of 128 characters", 128, func(n int) error { return create(strings.Repeat("名", n), "", "x") }},
		{"description of 512 characters", 512, func(n int) error { return create("n", strings.Repeat("述", n), "x") }},
		{"content of 18 KiB once base64-encoded", 13824, func(n int) error { return create("n", "", strings.Repeat("x", n)) }},
		{"20 parameters", 20, func(n int) error { return create("n", "", placeholders(n)) }},
		{"parameter name of 64 bytes", 64, func(n int) error { return create("n", "", "{{"+strings.Repeat("p", n)+"}}") }},
		{"updated name of 128 characters", 128, func(n int) error { return update(strings.Repeat("名", n), "") }},
		{"updated description of 512 characters", 512, func(n int) error { return update("", strings.Repeat("述", n)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.request(tc.limit); err != nil {
				t.Errorf("at the limit: %v", err)
			}
			wantAPIError(t, tc.request(tc.limit+1), "InvalidParam", 403)
		})
	}
}

// TestCreateCommandEnableParameter takes true and false, and nothing else.
func TestCreateCommandEnableParameter(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	for value, want := range map[string]int{"true": 200, "false": 200, "": 200, "yes": 403, "1": 403} {
		query := map[string]string{"RegionId": testRegion, "Name": "n", "Type": "RunShellScript", "CommandContent": "true"}
		if value != "" {
			query["EnableParameter"] = value
		}
		if status, body := e.send(t, signed{action: "CreateCommand", query: query}); status != want {
			t.Errorf("EnableParameter=%q: HTTP %d %v, want %d", value, status, body, want)
		}
	}
}

func TestMaxCommands(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	for range emulator.MaxCommands {
		createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("x")})
	}
	_, err := c.CreateCommand(&swas.CreateCommandRequest{RegionId: tea.String(testRegion), Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("x")})
	wantAPIError(t, err, "QuotaExceed.Command", 403)
}

func TestDescribeCommandsFiltersAndPages(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	var ids []string
	for i := range 12 {
		typ := "RunShellScript"
		if i%3 == 0 {
			typ = "RunPowerShellScript"
		}
		ids = append(ids, createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String(fmt.Sprintf("c%d", i%2)), Type: tea.String(typ), CommandContent: tea.String("x")}))
		env.clock.Advance(time.Second)
	}
	page2 := describeCommands(t, c, &swas.DescribeCommandsRequest{PageNumber: tea.String("2"), PageSize: tea.String("5")})
	if tea.Int32Value(page2.TotalCount) != 12 || len(page2.Commands) != 5 || tea.StringValue(page2.Commands[0].CommandId) != ids[6] {
		t.Errorf("page 2: total %d, %d commands, first %s (want %s)", tea.Int32Value(page2.TotalCount), len(page2.Commands), tea.StringValue(page2.Commands[0].CommandId), ids[6])
	}
	byName := describeCommands(t, c, &swas.DescribeCommandsRequest{Name: tea.String("c1"), Type: tea.String("RunShellScript")})
	if tea.Int32Value(byName.TotalCount) != 4 { // 1, 5, 7, 11
		t.Errorf("name c1 and shell: total %d, want 4", tea.Int32Value(byName.TotalCount))
	}
	_, err := c.DescribeCommands(&swas.DescribeCommandsRequest{RegionId: tea.String(testRegion), Provider: tea.String("User"), PageSize: tea.String("51")})
	wantAPIError(t, err, "InvalidParam", 403)
}

// TestDescribeCommandsNeedsProvider: Provider is required, User lists the
// commands the user saved and AlibabaCloud the common ones, of which the
// emulator has none.
func TestDescribeCommandsNeedsProvider(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	c := env.client(t)
	createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"), CommandContent: tea.String("x")})
	_, err := c.DescribeCommands(&swas.DescribeCommandsRequest{RegionId: tea.String(testRegion)})
	wantAPIError(t, err, "MissingProvider", 400)
	_, err = c.DescribeCommands(&swas.DescribeCommandsRequest{RegionId: tea.String(testRegion), Provider: tea.String("user")})
	wantAPIError(t, err, "InvalidParam", 403)
	if n := tea.Int32Value(describeCommands(t, c, &swas.DescribeCommandsRequest{}).TotalCount); n != 1 {
		t.Errorf("Provider User: %d commands, want 1", n)
	}
	common := describeCommands(t, c, &swas.DescribeCommandsRequest{Provider: tea.String("AlibabaCloud")})
	if n := tea.Int32Value(common.TotalCount); n != 0 || len(common.Commands) != 0 {
		t.Errorf("Provider AlibabaCloud: %d commands, want none", n)
	}
}

// TestUndocumentedAnswers: where the reference is silent, the emulator
// answers either way on request: base64 CommandContent, a default
// WorkingDir, plain fleet output.
func TestUndocumentedAnswers(t *testing.T) {
	for _, u := range []emulator.Undocumented{{}, {PlainFleetOutput: true, Base64CommandContent: true, DefaultWorkingDir: "/root"}} {
		env := newEnv(t, emulator.Options{Undocumented: u})
		env.srv.SetInvokeCommand(func(inv *emulator.Invocation) { inv.Output = []byte("done\n") })
		c := env.client(t)
		id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"),
			CommandContent: tea.String("echo done")})
		invokeID, err := invoke(c, id, testInstance, nil)
		if err != nil {
			t.Fatal(err)
		}
		env.clock.Advance(time.Minute)
		cmd := describeCommands(t, c, &swas.DescribeCommandsRequest{CommandId: tea.String(id)}).Commands[0]
		ci := commandInvocations(t, c, &swas.DescribeCommandInvocationsRequest{InvokeId: tea.String(invokeID)}).CommandInvocations[0]
		content, dir, output := "echo done", "", encoded("done\n")
		if u.Base64CommandContent {
			content, dir, output = encoded("echo done"), "/root", "done\n"
		}
		for what, got := range map[string][2]string{
			"DescribeCommands' CommandContent":           {tea.StringValue(cmd.CommandContent), content},
			"DescribeCommands' WorkingDir":               {tea.StringValue(cmd.WorkingDir), dir},
			"DescribeCommandInvocations' CommandContent": {tea.StringValue(ci.CommandContent), content},
			"DescribeCommandInvocations' WorkingDir":     {tea.StringValue(ci.WorkingDir), dir},
			"DescribeCommandInvocations' Output":         {tea.StringValue(ci.InvokeInstances[0].Output), output},
		} {
			if got[0] != got[1] {
				t.Errorf("%+v: %s is %q, want %q", u, what, got[0], got[1])
			}
		}
		// DescribeInvocationResult documents base64 whatever the choice.
		if got := env.mustResult(t, c, invokeID).Output; tea.StringValue(got) != encoded("done\n") {
			t.Errorf("%+v: DescribeInvocationResult's Output is %q", u, tea.StringValue(got))
		}
	}
}
