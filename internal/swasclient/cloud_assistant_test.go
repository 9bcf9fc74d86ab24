package swasclient

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

var quickPoll = PollSchedule{Min: 20 * time.Millisecond, Max: 50 * time.Millisecond}

func TestWaitForCloudAssistant_comesOnline(t *testing.T) {
	env := newRunCommandEnv(t)
	const late = "ace0706b2ac4454d984295a942130009"
	env.server.AddInstance(emulator.Instance{ID: late, RegionID: runRegion, Status: emulator.InstanceRunning, AgentOnlineAfter: 200 * time.Millisecond})
	ref := InstanceRef{RegionID: runRegion, InstanceID: late}
	first, err := env.client.DescribeCloudAssistant(t.Context(), ref)
	if err != nil || first.Online || first.OSType != "Linux" {
		t.Fatalf("first read: %+v, %v; want offline Linux", first, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), callTimeout)
	defer cancel()
	agent, err := env.client.WaitForCloudAssistant(ctx, ref, quickPoll)
	if err != nil {
		t.Fatal(err)
	}
	if !agent.Online || agent.Version != emulator.DefaultAgentVersion || agent.LastHeartbeatTime == "" || agent.RequestID == "" {
		t.Errorf("online agent read as %+v", agent)
	}
	if n := env.server.Requests("DescribeCloudAssistantStatus"); n != 1 {
		t.Errorf("%d DescribeCloudAssistantStatus requests, want 1", n)
	}
}

func TestWaitForCloudAssistant_neverOnline(t *testing.T) {
	env := newRunCommandEnv(t)
	const bare = "ace0706b2ac4454d984295a942130008"
	env.server.AddInstance(emulator.Instance{ID: bare, RegionID: runRegion, Status: emulator.InstanceRunning, NoAgent: true})
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err := env.client.WaitForCloudAssistant(ctx, InstanceRef{RegionID: runRegion, InstanceID: bare}, quickPoll)
	var offline *AgentOfflineError
	if !errors.As(err, &offline) || offline.Last == nil || offline.Installed == nil || *offline.Installed {
		t.Fatalf("err = %v, want an AgentOfflineError with the last state and not installed", err)
	}
	if !strings.Contains(err.Error(), "not installed") || !strings.Contains(err.Error(), "no heartbeat") {
		t.Errorf("error %q does not say what was seen", err)
	}
}

func TestDescribeCloudAssistant_unknownInstance(t *testing.T) {
	env := newRunCommandEnv(t)
	_, err := env.client.DescribeCloudAssistant(t.Context(), InstanceRef{RegionID: runRegion, InstanceID: "nope"})
	if !IsKind(err, KindNotFound) {
		t.Errorf("err = %v, want not found", err)
	}
}

func TestCloudAssistantInstalled(t *testing.T) {
	env := newRunCommandEnv(t)
	const bare = "ace0706b2ac4454d984295a942130008"
	env.server.AddInstance(emulator.Instance{ID: bare, RegionID: runRegion, Status: emulator.InstanceRunning, NoAgent: true})
	for _, tc := range []struct {
		instance string
		want     bool
	}{
		{instance: runInstance, want: true},
		{instance: bare, want: false},
	} {
		got, err := env.client.CloudAssistantInstalled(t.Context(), InstanceRef{RegionID: runRegion, InstanceID: tc.instance})
		if err != nil || got != tc.want {
			t.Errorf("CloudAssistantInstalled(%s) = %v, %v; want %v", tc.instance, got, err, tc.want)
		}
	}
	if _, err := env.client.CloudAssistantInstalled(t.Context(), InstanceRef{RegionID: runRegion, InstanceID: "nope"}); !IsKind(err, KindNotFound) {
		t.Errorf("an unknown instance read as %v, want not found", err)
	}
	env.client.cfg.MaxRetries = 0
	env.server.SetFault(describeCloudAssistantStatus, emulator.Fault{FailNext: 1, FailStatus: 500})
	if got, err := env.client.CloudAssistantInstalled(t.Context(), InstanceRef{RegionID: runRegion, InstanceID: runInstance}); !IsKind(err, KindTransient) {
		t.Errorf("a failed request read as %v, %v; want the failure", got, err)
	}
}
