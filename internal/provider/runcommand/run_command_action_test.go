//go:build unix

package runcommand_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccRunCommandAction_liveScripts runs the action as a user does,
// against an emulator that runs scripts for real: triggered after_create
// on a terraform_data, it runs the script once, with progress lines in the
// CLI's output; `apply -invoke` runs it again; a failing script fails the
// apply with the server's exit code and output. Terraform only: OpenTofu
// has no actions yet.
func TestAccRunCommandAction_liveScripts(t *testing.T) {
	acctest.RequireTerraform(t, "actions", "1.14.0")
	emu := acctest.NewEmulatorWithOptions(t, emulator.Options{
		Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir()},
	})
	t.Cleanup(emu.Close)
	releases := filepath.Join(emu.ScriptsDir(), acctest.Instance, "srv", "app", "releases.txt")
	if err := os.MkdirAll(filepath.Dir(releases), 0o755); err != nil {
		t.Fatal(err)
	}
	cli, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", acctest.ConfigValues{"Release": "v1.4.2"}))

	applied := cli.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	t.Logf("terraform apply:\n%s", applied)
	for _, want := range []string{
		`ace0706b2ac4454d984295a942130001: waiting for the Cloud Assistant agent`,
		`ace0706b2ac4454d984295a942130001: started invocation t-`,
		`ace0706b2ac4454d984295a942130001: Success`,
		`releasing v1.4.2`,
		`releases so far: 1`,
		`succeeded on 1 of 1 server`,
	} {
		if !strings.Contains(applied, want) {
			t.Errorf("terraform apply shows no %q", want)
		}
	}
	expectReleases(t, releases, "v1.4.2\n")

	invoked := cli.Run(t, work, nil, "apply", "-invoke=action.swas_run_command.release", "-auto-approve", "-input=false", "-no-color")
	t.Logf("terraform apply -invoke:\n%s", invoked)
	if !strings.Contains(invoked, "releases so far: 2") {
		t.Errorf("terraform apply -invoke shows no second run")
	}
	expectReleases(t, releases, "v1.4.2\nv1.4.2\n")

	failing := t.TempDir()
	acctest.AddTerraformBlock(t, failing)
	if err := os.WriteFile(filepath.Join(failing, "main.tf"), []byte(emu.Config(t, "failing.tf", nil)), 0o600); err != nil {
		t.Fatal(err)
	}
	cli.Run(t, failing, nil, "init", "-input=false", "-no-color")
	failed := cli.RunFailing(t, failing, nil, "apply", "-invoke=action.swas_run_command.migrate", "-auto-approve", "-input=false", "-no-color")
	t.Logf("terraform apply -invoke of a failing script:\n%s", failed)
	want := acctest.WrappedRegexp(`Command did not succeed.*did not succeed on 1 of 1 server.*` + regexp.QuoteMeta(acctest.Instance) +
		` \(invocation t-\w+\): status Failed, exit code 3.*Last lines of output: migrating to db; it's gone error: disk full`)
	if !want.MatchString(failed) {
		t.Errorf("the failing script's apply does not show its exit code and output")
	}
	if runs := emu.Requests(acctest.RunCommandAction); runs != 3 {
		t.Errorf("%d RunCommand calls, want 3", runs)
	}
}

func expectReleases(t *testing.T, file, want string) {
	t.Helper()
	if b, err := os.ReadFile(file); err != nil || string(b) != want {
		t.Errorf("releases.txt: %q, %v; want %q", b, err, want)
	}
}
