package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccRunCommand_liveScripts applies swas_run_command against an
// emulator that runs scripts for real: the output is what the script
// printed, the file it wrote is on disk, and a failing script fails the
// apply with its real exit code and last lines.
func TestAccRunCommand_liveScripts(t *testing.T) {
	emu := newTestEmulatorWithOptions(t, emulator.Options{
		Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir()},
	})
	t.Cleanup(emu.Close)
	appDir := filepath.Join(emu.ScriptsDir(), testInstance, "srv", "app")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEmptyEnv(),
		Steps: []resource.TestStep{
			{
				Config: emu.config(t, "main.tf", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					expectValue(runAddress, "invocation_status", knownvalue.StringExact("Success")),
					expectValue(runAddress, "exit_code", knownvalue.Int64Exact(0)),
					expectValue(runAddress, "output", knownvalue.StringExact("version=1.4.2\nin "+appDir+"\n")),
				},
			},
			{
				PreConfig: func() {
					if b, err := os.ReadFile(filepath.Join(appDir, "release.txt")); err != nil || string(b) != "version=1.4.2\n" {
						t.Errorf("the file the script wrote: %q, %v", b, err)
					}
				},
				Config: emu.config(t, "failing.tf", nil),
				ExpectError: wrappedRegexp(`Command did not succeed.*status Failed, exit code 3, error code ExitCodeNonzero.*` +
					`Last lines of output: migrating to version=1.4.2 error: disk full`),
			},
		},
	})
}
