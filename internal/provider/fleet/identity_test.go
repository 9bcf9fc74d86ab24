package fleet_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

// TestAccCommand_importByIdentity records the saved command's identity,
// then imports it with an import block by that identity and by its string
// id: each plans no change.
func TestAccCommand_importByIdentity(t *testing.T) {
	emu := acctest.NewEmulator(t)
	config := emu.Config(t, "main.tf", nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		TerraformVersionChecks:   acctest.IdentityVersions,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(commandAddress, map[string]knownvalue.Check{
						"region_id":  knownvalue.StringExact(acctest.Region),
						"command_id": knownvalue.StringRegexp(regexp.MustCompile(`^c-`)),
					}),
				},
			},
			{Config: config, ResourceName: commandAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: config, ResourceName: commandAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
}

// TestAccCommandInvocation_import imports a run on a fleet, which could
// not be imported before: by `terraform import` with its string id (the
// arguments the API lists recovered, the results read), by an import
// block with its identity and with its string id, each planning no change
// and none running the command again; an id the API does not have, or
// that is malformed, fails saying so.
func TestAccCommandInvocation_import(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 3, nil)
	config := emu.Config(t, "main.tf", acctest.ConfigValues{"Instances": acctest.Fleet(3)})
	withRegion := func(s *terraform.State) (string, error) {
		return acctest.Region + ":" + s.RootModule().Resources[invocationAddress].Primary.ID, nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		TerraformVersionChecks:   acctest.IdentityVersions,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(invocationAddress, map[string]knownvalue.Check{
						"region_id": knownvalue.StringExact(acctest.Region),
						"invoke_id": knownvalue.StringRegexp(regexp.MustCompile(`^t-`)),
					}),
				},
			},
			{
				Config: config, ResourceName: invocationAddress, ImportState: true, ImportStateVerify: true,
				// The API keeps no timeouts; those of the configuration are null too.
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config: config, ResourceName: invocationAddress, ImportState: true, ImportStateIdFunc: withRegion,
				ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{Config: config, ResourceName: invocationAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: config, ResourceName: invocationAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			{
				Config: config, ResourceName: invocationAddress, ImportState: true, ImportStateId: "t-gone",
				ExpectError: acctest.WrappedRegexp(`Cannot import: invocation not found.*no invocation t-gone in cn-hangzhou`),
			},
			{
				Config: config, ResourceName: invocationAddress, ImportState: true, ImportStateId: "cn-hangzhou:x:t-1",
				ExpectError: acctest.WrappedRegexp(`Invalid import ID.*is not <invoke_id> or <region>:<invoke_id>`),
			},
		},
	})
	emu.ExpectInvocations(t, 1, 3)
}
