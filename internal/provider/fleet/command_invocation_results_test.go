package fleet

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// TestFleetFinishedAgreesWithTheClient: the state's results are final when
// the client's wait would have stopped on them, and only then: a refresh
// that stopped reading an invocation the wait would read on, or the other
// way round, would keep a result that is not final.
func TestFleetFinishedAgreesWithTheClient(t *testing.T) {
	ctx := context.Background()
	for name, statuses := range map[string][]string{
		"none":         {},
		"all final":    {swasclient.StatusSuccess, swasclient.StatusFailed},
		"one running":  {swasclient.StatusSuccess, swasclient.StatusRunning},
		"one pending":  {"Pending"},
		"one stopping": {swasclient.StatusSuccess, "Stopping"},
	} {
		inv := &swasclient.CommandInvocation{InvokeID: "t-1", InvocationStatus: "Running"}
		var runs []serverRun
		for i, status := range statuses {
			in := swasclient.InstanceResult{InstanceID: fmt.Sprintf("fleet-%02d", i+1), InvocationStatus: status}
			inv.Instances = append(inv.Instances, in)
			runs = append(runs, serverRun{invokeID: inv.InvokeID, result: in})
		}
		var diags diag.Diagnostics
		results := resultsFrom(ctx, runs, true, &diags)
		if got, want := finished(ctx, results), inv.Finished(); got != want {
			t.Errorf("%s: finished = %v, the client's Finished = %v", name, got, want)
		}
	}
}

// TestParseShare reads max_concurrency and max_errors: whole numbers, and
// whole percentages of the set, rounded up for concurrency and down for
// errors; anything else is refused.
func TestParseShare(t *testing.T) {
	for _, c := range []struct {
		value    string
		ok       bool
		up, down int // of 15 servers
	}{
		{"10", true, 10, 10},
		{"0", true, 0, 0},
		{"10%", true, 2, 1},
		{"100%", true, 15, 15},
		{"0%", true, 0, 0},
		{"1%", true, 1, 0},
		{"101%", false, 0, 0},
		{"-1", false, 0, 0},
		{"-5%", false, 0, 0},
		{"%", false, 0, 0},
		{"1.5%", false, 0, 0},
		{"ten", false, 0, 0},
		{"", false, 0, 0},
		{" 10", false, 0, 0},
		{"99999999", false, 0, 0},
	} {
		s, ok := parseShare(c.value)
		if ok != c.ok {
			t.Errorf("parseShare(%q) ok = %v, want %v", c.value, ok, c.ok)
			continue
		}
		if ok && (s.servers(15, true) != c.up || s.servers(15, false) != c.down) {
			t.Errorf("%q of 15 servers: %d up, %d down; want %d and %d", c.value, s.servers(15, true), s.servers(15, false), c.up, c.down)
		}
	}
}

// TestOverallStatus derives a rollout's status across batches by the
// rules the API documents for one invocation.
func TestOverallStatus(t *testing.T) {
	for want, statuses := range map[string][]string{
		"Pending":       {"Success", "Pending", "Running"},
		"Running":       {"Success", "Running", "Failed"},
		"Stopping":      {"Success", "Stopping"},
		"Success":       {"Success", "Cancelled", "Success"},
		"Stopped":       {"Cancelled", "Terminated"},
		"Failed":        {"Failed", "Invalid", "Terminated"},
		"PartialFailed": {"Success", "Timeout"},
	} {
		if got := overallStatus(statuses); got != want {
			t.Errorf("overallStatus(%v) = %s, want %s", statuses, got, want)
		}
	}
}
