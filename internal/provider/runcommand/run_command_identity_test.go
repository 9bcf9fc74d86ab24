package runcommand_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

// TestAccRunCommand_importByIdentity records the run's identity, then
// imports the run with an import block by that identity and by its string
// id: each plans no change, and neither runs the command again.
func TestAccRunCommand_importByIdentity(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	config := emu.Config(t, "main.tf", nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		TerraformVersionChecks:   acctest.IdentityVersions,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(acctest.RunAddress, map[string]knownvalue.Check{
						"region_id":   knownvalue.StringExact(acctest.Region),
						"instance_id": knownvalue.StringExact(acctest.Instance),
						"invoke_id":   knownvalue.StringRegexp(regexp.MustCompile(`^t-`)),
					}),
				},
			},
			{Config: config, ResourceName: acctest.RunAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: config, ResourceName: acctest.RunAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
	emu.ExpectRuns(t, 1)
}
