package invocations_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccInvocations_pages lists more invocations than fit in one page,
// newest first, and filters them by state (cancelled ones are Stopped).
// invocationsAddress is the data source the tests' configurations declare.
const invocationsAddress = "data.swas_invocations.test"

func TestAccInvocations_pages(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const count = 120
	for i := range count {
		inv := emulator.Invocation{
			InvokeID:       fmt.Sprintf("t-page%03d", i),
			InstanceID:     acctest.Instance,
			CommandName:    fmt.Sprintf("step-%d", i),
			CommandType:    "RunShellScript",
			CommandContent: fmt.Sprintf("echo %d", i),
			CreatedAt:      acctest.Epoch.Add(time.Duration(i) * time.Minute),
			RunningFor:     time.Second,
		}
		if i%10 == 0 {
			inv.FinalStatus = "Cancelled"
		}
		emu.AddInvocation(inv)
	}
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-params", InstanceID: acctest.Instance, CommandName: "with-params", CommandType: "RunShellScript",
		CommandContent: "echo {{name}}", Parameters: map[string]any{"name": "world", "count": 3},
		CreatedAt: acctest.Epoch.Add(-time.Minute), RunningFor: time.Second,
	})
	emu.Clock.Advance(3 * time.Hour)
	list := tfjsonpath.New("invocations")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "all.tf", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(invocationsAddress, "total_count", knownvalue.Int64Exact(count+1)),
					acctest.ExpectValueAt(invocationsAddress, list, knownvalue.ListSizeExact(count+1)),
					acctest.ExpectValue(invocationsAddress, "latest_invoke_id", knownvalue.StringExact("t-page119")),
					acctest.ExpectValueAt(invocationsAddress, list.AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"invoke_id":         knownvalue.StringExact("t-page119"),
						"command_name":      knownvalue.StringExact("step-119"),
						"command_type":      knownvalue.StringExact("RunShellScript"),
						"command_content":   knownvalue.StringExact("echo 119"),
						"creation_time":     knownvalue.StringExact("2022-07-11T08:36:16Z"),
						"invocation_status": knownvalue.StringExact("Success"),
						"invoke_status":     knownvalue.StringExact("Finished"),
						"parameters":        knownvalue.MapSizeExact(0),
					})),
					acctest.ExpectValueAt(invocationsAddress, list.AtSliceIndex(count).AtMapKey("parameters"), knownvalue.MapExact(map[string]knownvalue.Check{
						"name":  knownvalue.StringExact("world"),
						"count": knownvalue.StringExact("3"),
					})),
				},
			},
			{
				Config: emu.Config(t, "stopped.tf", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(invocationsAddress, "total_count", knownvalue.Int64Exact(count/10)),
					acctest.ExpectValueAt(invocationsAddress, list, knownvalue.ListSizeExact(count/10)),
					acctest.ExpectValue(invocationsAddress, "latest_invoke_id", knownvalue.StringExact("t-page110")),
					acctest.ExpectValueAt(invocationsAddress, list.AtSliceIndex(0).AtMapKey("invocation_status"), knownvalue.StringExact("Cancelled")),
				},
			},
		},
	})
}

// TestAccInvocations_none lists nothing on a server that ran nothing, and
// points at the id the API does not know.
func TestAccInvocations_none(t *testing.T) {
	emu := acctest.NewEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "main.tf", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(invocationsAddress, "total_count", knownvalue.Int64Exact(0)),
					acctest.ExpectValue(invocationsAddress, "invocations", knownvalue.ListSizeExact(0)),
					acctest.ExpectValue(invocationsAddress, "latest_invoke_id", knownvalue.Null()),
				},
			},
			{
				Config:      emu.Config(t, "invoke_status_success.tf", nil),
				ExpectError: regexp.MustCompile(`(?s)invoke_status.*value must be one of`),
			},
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": "ace0706b2ac4454d984295a9421399ff"}),
				ExpectError: regexp.MustCompile(`(?s)Not found.*instance_id.*InvalidInstanceId.NotFound.*request id`),
			},
		},
	})
}

// TestAccInvocations_chainedToResult reads the result of the latest
// invocation, waiting for it to finish.
func TestAccInvocations_chainedToResult(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-older", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("old\n"),
	})
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-newest", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch.Add(time.Minute),
		RunningFor: 20 * time.Second, Output: []byte("new\n"),
	})
	emu.Clock.Advance(time.Minute)
	emu.AdvanceClockOnRequest(acctest.DescribeResultAction, 10*time.Second)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue("data.swas_invocation_result.latest", "invoke_id", knownvalue.StringExact("t-newest")),
				acctest.ExpectValue("data.swas_invocation_result.latest", "invocation_status", knownvalue.StringExact("Success")),
				acctest.ExpectValue("data.swas_invocation_result.latest", "output", knownvalue.StringExact("new\n")),
			},
		}},
	})
}
