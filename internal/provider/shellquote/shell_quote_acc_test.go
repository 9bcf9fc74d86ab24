//go:build unix

package shellquote_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccShellQuote_parameterRoundTrip passes a value that would inject
// shell if substituted bare (a quote, a command substitution, a line break
// and a semicolon) through parameters, quoted by the function, to a script
// the emulator runs for real: the script prints it back unchanged.
func TestAccShellQuote_parameterRoundTrip(t *testing.T) {
	emu := acctest.NewEmulatorWithOptions(t, emulator.Options{
		Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir()},
	})
	t.Cleanup(emu.Close)
	const value = "it's $(echo injected); echo also injected\nsecond line; `id` \"$HOME\" \\"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			// Provider-defined functions: OpenTofu 1.7, Terraform 1.8.
			tfversion.SkipBelow(tfversion.Version1_7_0),
		},
		Steps: []resource.TestStep{{
			Config:          emu.Config(t, "main.tf", nil),
			ConfigVariables: config.Variables{"value": config.StringVariable(value)},
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.RunAddress, "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue(acctest.RunAddress, "output", knownvalue.StringExact(value)),
			},
		}},
	})
}
