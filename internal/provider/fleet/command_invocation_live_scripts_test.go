//go:build unix

package fleet_test

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccCommandInvocation_liveScripts runs a saved command that prints
// and exits 7 on two servers of an emulator that runs scripts for real:
// the apply fails naming each server with its exit code and output.
func TestAccCommandInvocation_liveScripts(t *testing.T) {
	emu := acctest.NewEmulatorWithOptions(t, emulator.Options{
		Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir()},
	})
	t.Cleanup(emu.Close)
	emu.AdvanceClockOnRequest(acctest.CommandInvocationsAction, time.Second)
	for _, id := range []string{"fleet-01", "fleet-02"} {
		emu.AddInstance(emulator.Instance{ID: id, RegionID: acctest.Region, Status: emulator.InstanceRunning})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{{
		Config: emu.Config(t, "main.tf", nil),
		ExpectError: acctest.WrappedRegexp(`Command did not succeed on every server.*did not succeed on 2 of 2 servers` +
			`.*fleet-01: status Failed, exit code 7, error code ExitCodeNonzero.*Last lines of output: oops` +
			`.*fleet-02: status Failed, exit code 7, error code ExitCodeNonzero.*Last lines of output: oops` +
			`.*No server succeeded`),
	}}})
}
