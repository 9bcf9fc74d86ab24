package cloudassistant_test

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

const agentAddress = "data.swas_cloud_assistant.test"

func TestAccCloudAssistant_readOnce(t *testing.T) {
	emu := acctest.NewLateAgentEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": acctest.LateInstance}),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(agentAddress, "online", knownvalue.Bool(false)),
				acctest.ExpectValue(agentAddress, "version", knownvalue.Null()),
				acctest.ExpectValue(agentAddress, "last_heartbeat_time", knownvalue.Null()),
				acctest.ExpectValue(agentAddress, "os_type", knownvalue.StringExact("Linux")),
				acctest.ExpectValue(agentAddress, "region_id", knownvalue.StringExact(acctest.Region)),
			},
		}, {
			PreConfig: func() { emu.Clock.Advance(90 * time.Second) },
			Config:    emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": acctest.LateInstance}),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(agentAddress, "online", knownvalue.Bool(true)),
				acctest.ExpectValue(agentAddress, "version", knownvalue.StringExact(emulator.DefaultAgentVersion)),
				acctest.ExpectValue(agentAddress, "last_heartbeat_time", knownvalue.StringExact("2022-07-11T06:38:16Z")),
				acctest.ExpectValue(agentAddress, "support_session_manager", knownvalue.Bool(true)),
				acctest.ExpectValue(agentAddress, "active_task_count", knownvalue.Int64Exact(0)),
			},
		}},
	})
}

func TestAccCloudAssistant_waitUntilOnline(t *testing.T) {
	emu := acctest.NewLateAgentEmulator(t)
	emu.AdvanceClockOnRequest(acctest.DescribeAgentAction, 20*time.Second)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": acctest.LateInstance}),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(agentAddress, "online", knownvalue.Bool(true)),
				acctest.ExpectValue(agentAddress, "version", knownvalue.StringExact(emulator.DefaultAgentVersion)),
			},
		}},
	})
	// Each read moves the clock on 20 s before it is answered: the third
	// is a minute in. The plan reads and the apply reads again.
	if n := emu.Requests(acctest.DescribeAgentAction); n < 3 {
		t.Errorf("%d reads of the agent, want at least 3", n)
	}
}

func TestAccCloudAssistant_neverOnline(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInstance(emulator.Instance{ID: acctest.LateInstance, RegionID: acctest.Region, Status: emulator.InstanceRunning, NoAgent: true})
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Instance": acctest.LateInstance}),
			ExpectError: acctest.WrappedRegexp(`Cloud Assistant agent not online.*still offline after waiting.*no heartbeat.*not installed` +
				`.*InstallCloudAssistant .*reboot`),
		}},
	})
	if elapsed := time.Since(start); elapsed > 15*time.Second {
		t.Errorf("the read took %s with a 2s timeout", elapsed)
	}
}

func TestAccCloudAssistant_stoppedServer(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.SetInstanceStatus(acctest.Instance, emulator.InstanceStopped)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Cloud Assistant agent not online.*If the server is stopped, start it`),
		}},
	})
}
