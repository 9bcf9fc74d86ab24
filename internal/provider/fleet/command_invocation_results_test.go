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
		for i, status := range statuses {
			inv.Instances = append(inv.Instances, swasclient.InstanceResult{InstanceID: fmt.Sprintf("fleet-%02d", i+1), InvocationStatus: status})
		}
		var diags diag.Diagnostics
		results := resultsFrom(ctx, inv, true, &diags)
		if got, want := finished(ctx, results), inv.Finished(); got != want {
			t.Errorf("%s: finished = %v, the client's Finished = %v", name, got, want)
		}
	}
}
