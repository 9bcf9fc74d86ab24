//go:build unix

package runcommand_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccRunCommand_liveScripts applies swas_run_command against an
// emulator that runs scripts for real: the output is what the script
// printed, the file it wrote is on disk, and a failing script fails the
// apply with its real exit code and last lines.
func TestAccRunCommand_liveScripts(t *testing.T) {
	emu := acctest.NewEmulatorWithOptions(t, emulator.Options{
		Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir()},
	})
	t.Cleanup(emu.Close)
	appDir := filepath.Join(emu.ScriptsDir(), acctest.Instance, "srv", "app")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "main.tf", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Success")),
					acctest.ExpectValue(acctest.RunAddress, "exit_code", knownvalue.Int64Exact(0)),
					acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.StringExact("version=1.4.2\nin "+appDir+"\n")),
				},
			},
			{
				PreConfig: func() {
					if b, err := os.ReadFile(filepath.Join(appDir, "release.txt")); err != nil || string(b) != "version=1.4.2\n" {
						t.Errorf("the file the script wrote: %q, %v", b, err)
					}
				},
				Config: emu.Config(t, "failing.tf", nil),
				ExpectError: acctest.WrappedRegexp(`Command did not succeed.*status Failed, exit code 3, error code ExitCodeNonzero.*` +
					`Last lines of output: migrating to version=1.4.2 error: disk full`),
			},
		},
	})
}

// TestAccRunCommand_liveScriptsQuickstart applies the example of `make
// quickstart-live-scripts` as the quick start does: the second command
// fails the apply on purpose, and the first one's output and file are
// there.
func TestAccRunCommand_liveScriptsQuickstart(t *testing.T) {
	tofu := acctest.NewTofuCLI(t)
	dir := filepath.Join(acctest.RepositoryRoot(t), "examples", "quickstart-live-scripts")
	server, err := emulator.NewFromFixture(filepath.Join(dir, "emulator.json"), emulator.Options{
		Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir()},
	})
	if err != nil {
		t.Fatalf("seeding the emulator: %v", err)
	}
	t.Cleanup(server.Close)
	work, env := acctest.InitExample(t, tofu, dir, server)
	out, err := tofu.Command(t, work, env, "apply", "-auto-approve", "-input=false", "-no-color").CombinedOutput()
	failure := acctest.WrappedRegexp(`with swas_run_command.migrate.*status Failed, exit code 3.*` +
		`Last lines of output: migrating to release=v1.4.2 error: no database at /srv/app/db`)
	if err == nil || !failure.Match(out) {
		t.Errorf("apply: %v, want the migrate command's failure:\n%s", err, out)
	}
	appDir := filepath.Join(server.ScriptsDir(), acctest.Instance, "srv", "app")
	want := "wrote " + appDir + "/release.txt:\nrelease=v1.4.2\n"
	if got := tofu.Run(t, work, env, "output", "-raw", "release_output"); got != want {
		t.Errorf("release_output = %q, want %q", got, want)
	}
	if b, err := os.ReadFile(filepath.Join(appDir, "release.txt")); err != nil || string(b) != "release=v1.4.2\n" {
		t.Errorf("release.txt: %q, %v", b, err)
	}
}

// TestAccRunCommand_liveScriptsCutOutput prints 40,001 bytes of UTF-8 text,
// which the agent cuts to its first 6,000 bytes and its end, splitting a
// character: output is the text with that one broken character replaced by
// U+FFFD, and output_base64 the bytes exactly as the API returned them.
func TestAccRunCommand_liveScriptsCutOutput(t *testing.T) {
	emu := acctest.NewEmulatorWithOptions(t, emulator.Options{
		Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir()},
	})
	t.Cleanup(emu.Close)
	printed := "a" + strings.Repeat("é", 20000)
	const kept, head = 24 * 1024, 6000 // the agent's cut, as the emulator cites it
	cut := printed[:head] + printed[len(printed)-(kept-head):]
	want := printed[:head-1] + "\uFFFD" + printed[len(printed)-(kept-head):]

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.StringExact(want)),
				acctest.ExpectValue(acctest.RunAddress, "output_base64", knownvalue.StringExact(base64.StdEncoding.EncodeToString([]byte(cut)))),
			},
		}},
	})
}
