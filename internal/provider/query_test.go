package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// TestAccQuery_listAndGenerateConfig runs `terraform query` as a user
// does: it lists the saved shell commands (not the PowerShell one) and
// the runs the emulator holds on a server, and `-generate-config-out`
// writes configuration that imports all four with no other change, runs
// nothing, and plans clean once applied. Terraform only: OpenTofu has no
// query command yet.
func TestAccQuery_listAndGenerateConfig(t *testing.T) {
	acctest.RequireTerraform(t, "terraform query", "1.14.0")
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-hz0listed00001", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch,
		CommandName: "deploy", CommandType: framework.ShellScript, CommandContent: "/srv/app/deploy.sh {{release}}",
		Parameters: map[string]any{"release": "v1.4.2"}, Output: []byte("Deployed v1.4.2\n"),
	})
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-hz0listed00002", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch.Add(time.Second),
		CommandName: "hello", CommandType: framework.ShellScript, CommandContent: "echo hello", Output: []byte("hello\n"),
	})
	emu.Clock.Advance(time.Minute)

	// Another configuration saved the commands.
	cli, saved := acctest.ProcessWorkspace(t, emu.Config(t, "commands.tf", nil))
	cli.Run(t, saved, nil, "apply", "-auto-approve", "-input=false", "-no-color")

	work := t.TempDir()
	acctest.AddTerraformBlock(t, work)
	for file, text := range map[string]string{
		"main.tf":           emu.Config(t, "main.tf", nil),
		"query.tfquery.hcl": emu.Config(t, "query.tfquery.hcl", nil),
	} {
		if err := os.WriteFile(filepath.Join(work, file), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cli.Run(t, work, nil, "init", "-input=false", "-no-color")
	listed := cli.Run(t, work, nil, "query", "-no-color")
	t.Logf("terraform query:\n%s", listed)
	for _, want := range []string{
		`list\.swas_command\.shell .*deploy \(c-\w+, RunShellScript\)`,
		`list\.swas_command\.shell .*restart \(c-\w+, RunShellScript\)`,
		`list\.swas_run_command\.runs .*deploy t-hz0listed00001 \(Success`,
		`list\.swas_run_command\.runs .*hello t-hz0listed00002 \(Success`,
	} {
		if !acctest.WrappedRegexp(want).MatchString(listed) {
			t.Errorf("terraform query shows no %s", want)
		}
	}
	if acctest.WrappedRegexp(`RunPowerShellScript`).MatchString(listed) {
		t.Errorf("terraform query lists the PowerShell command, which the filter leaves out")
	}

	cli.Run(t, work, nil, "query", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(work, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated.tf:\n%s", generated)
	// The query file is for query alone; plan reads the generated configuration.
	if err := os.Remove(filepath.Join(work, "query.tfquery.hcl")); err != nil {
		t.Fatal(err)
	}
	planned := cli.Run(t, work, nil, "plan", "-input=false", "-no-color")
	t.Logf("terraform plan: %s", regexp.MustCompile(`Plan: .*`).FindString(planned))
	if !acctest.WrappedRegexp(`Plan: 4 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(planned) {
		t.Errorf("the generated configuration does not plan the four imports alone:\n%s", planned)
	}
	cli.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if again := cli.Run(t, work, nil, "plan", "-input=false", "-no-color"); !acctest.WrappedRegexp(`No changes`).MatchString(again) {
		t.Errorf("after the imports, the plan is not empty:\n%s", again)
	}
	if n := emu.Requests(acctest.RunCommandAction); n != 0 {
		t.Errorf("importing ran %d commands", n)
	}
}
