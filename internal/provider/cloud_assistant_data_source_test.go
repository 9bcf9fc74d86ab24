package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

func TestCloudAssistantSchemaMatchesModel(t *testing.T) {
	var resp datasource.SchemaResponse
	NewCloudAssistantDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
	expectModelSchema(t, "", withBlocks(resp.Schema.Attributes, resp.Schema.Blocks), cloudAssistantModel{})
}

const (
	agentAddress        = "data.swas_cloud_assistant.test"
	describeAgentAction = "DescribeCloudAssistantAttributes"
	// lateInstance is a server whose agent comes online a minute after
	// the test starts.
	lateInstance = "ace0706b2ac4454d984295a942130002"
)

// newLateAgentEmulator is a test emulator with lateInstance too.
func newLateAgentEmulator(t *testing.T) *testEmulator {
	t.Helper()
	emu := newTestEmulator(t)
	emu.AddInstance(emulator.Instance{ID: lateInstance, RegionID: testRegion, Status: emulator.InstanceRunning, AgentOnlineAfter: time.Minute})
	return emu
}

func TestAccCloudAssistant_readOnce(t *testing.T) {
	emu := newLateAgentEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEmptyEnv(),
		Steps: []resource.TestStep{{
			Config: emu.config(t, "main.tf", configValues{"Instance": lateInstance}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(agentAddress, "online", knownvalue.Bool(false)),
				expectValue(agentAddress, "version", knownvalue.Null()),
				expectValue(agentAddress, "last_heartbeat_time", knownvalue.Null()),
				expectValue(agentAddress, "os_type", knownvalue.StringExact("Linux")),
				expectValue(agentAddress, "region_id", knownvalue.StringExact(testRegion)),
			},
		}, {
			PreConfig: func() { emu.clock.Advance(90 * time.Second) },
			Config:    emu.config(t, "main.tf", configValues{"Instance": lateInstance}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(agentAddress, "online", knownvalue.Bool(true)),
				expectValue(agentAddress, "version", knownvalue.StringExact(emulator.DefaultAgentVersion)),
				expectValue(agentAddress, "last_heartbeat_time", knownvalue.StringExact("2022-07-11T06:38:16Z")),
				expectValue(agentAddress, "support_session_manager", knownvalue.Bool(true)),
				expectValue(agentAddress, "active_task_count", knownvalue.Int64Exact(0)),
			},
		}},
	})
}

func TestAccCloudAssistant_waitUntilOnline(t *testing.T) {
	emu := newLateAgentEmulator(t)
	emu.AdvanceClockOnRequest(describeAgentAction, 20*time.Second)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEmptyEnv(),
		Steps: []resource.TestStep{{
			Config: emu.config(t, "main.tf", configValues{"Instance": lateInstance}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(agentAddress, "online", knownvalue.Bool(true)),
				expectValue(agentAddress, "version", knownvalue.StringExact(emulator.DefaultAgentVersion)),
			},
		}},
	})
	// Each read moves the clock on 20 s before it is answered: the third
	// is a minute in. The plan reads and the apply reads again.
	if n := emu.Requests(describeAgentAction); n < 3 {
		t.Errorf("%d reads of the agent, want at least 3", n)
	}
}

func TestAccCloudAssistant_neverOnline(t *testing.T) {
	emu := newTestEmulator(t)
	emu.AddInstance(emulator.Instance{ID: lateInstance, RegionID: testRegion, Status: emulator.InstanceRunning, NoAgent: true})
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEmptyEnv(),
		Steps: []resource.TestStep{{
			Config: emu.config(t, "main.tf", configValues{"Instance": lateInstance}),
			ExpectError: wrappedRegexp(`Cloud Assistant agent not online.*still offline after waiting.*no heartbeat.*not installed` +
				`.*InstallCloudAssistant .*reboot`),
		}},
	})
	if elapsed := time.Since(start); elapsed > 15*time.Second {
		t.Errorf("the read took %s with a 2s timeout", elapsed)
	}
}

func TestAccCloudAssistant_stoppedServer(t *testing.T) {
	emu := newTestEmulator(t)
	emu.SetInstanceStatus(testInstance, emulator.InstanceStopped)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEmptyEnv(),
		Steps: []resource.TestStep{{
			Config:      emu.config(t, "main.tf", nil),
			ExpectError: wrappedRegexp(`Cloud Assistant agent not online.*If the server is stopped, start it`),
		}},
	})
}
