package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

// TestAccTimeouts_invalid rejects, at plan time and on the key at fault,
// a duration that is zero or negative, not a duration, or out of range, in
// a resource, a data source and an ephemeral resource.
func TestAccTimeouts_invalid(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	var steps []resource.TestStep
	for _, c := range []struct{ file, timeout, want string }{
		{"run_command.tf", "-1m", `Invalid timeouts.create.*timeouts.create is "-1m", which is not longer than zero`},
		{"run_command.tf", "0s", `Invalid timeouts.create.*timeouts.create is "0s", which is not longer than zero`},
		{"run_command.tf", "1x", `Invalid timeouts.create.*timeouts.create is "1x", which is not a duration`},
		{"run_command.tf", "100000000h", `Invalid timeouts.create.*timeouts.create is "100000000h", which is out of range`},
		{"data_source.tf", "-5m", `Invalid timeouts.read.*timeouts.read is "-5m", which is not longer than zero`},
		{"ephemeral.tf", "0", `Invalid timeouts.open.*timeouts.open is "0", which is not longer than zero`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.Config(t, c.file, acctest.ConfigValues{"Timeout": c.timeout, "NoWait": false}),
			PlanOnly:    true,
			ExpectError: acctest.WrappedRegexp(c.want),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps:                    steps,
	})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid timeouts reached the API %d times", n)
	}
}

// TestAccTimeouts_deadlineBeforeAnyRequest: a limit that ends before the
// first request is sent says so, and sends nothing: not an agent that is
// not online, nor a command that may have started.
func TestAccTimeouts_deadlineBeforeAnyRequest(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	outOfTime := func(setting string) string {
		return `Out of time before any request.*` + setting + ` ran out before any request was sent to the API: nothing was read, started or changed`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config:      emu.Config(t, "run_command.tf", acctest.ConfigValues{"Timeout": "1ns", "NoWait": false}),
				ExpectError: acctest.WrappedRegexp(outOfTime("timeouts.create")),
			},
			{
				Config:      emu.Config(t, "run_command.tf", acctest.ConfigValues{"Timeout": "1ns", "NoWait": true}),
				ExpectError: acctest.WrappedRegexp(outOfTime("timeouts.create")),
			},
			{
				Config:      emu.Config(t, "data_source.tf", acctest.ConfigValues{"Timeout": "1ns"}),
				ExpectError: acctest.WrappedRegexp(outOfTime("timeouts.read")),
			},
		},
	})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

// TestAccTimeouts_misspelledKey: timeouts is a block, so OpenTofu and
// Terraform reject a key it does not have, such as a misspelled one, or
// read in the ephemeral resource, whose limit is open.
func TestAccTimeouts_misspelledKey(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				Config:      emu.Config(t, "data_source.tf", nil),
				PlanOnly:    true,
				ExpectError: acctest.WrappedRegexp(`Unsupported argument.*An argument named "reed" is not expected here`),
			},
			{
				Config:      emu.Config(t, "ephemeral.tf", nil),
				PlanOnly:    true,
				ExpectError: acctest.WrappedRegexp(`Unsupported argument.*An argument named "read" is not expected here`),
			},
		},
	})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}
