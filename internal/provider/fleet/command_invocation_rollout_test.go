package fleet_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// result is the path of one server's result, or of one of its fields.
func result(server string, field ...string) tfjsonpath.Path {
	p := tfjsonpath.New("results").AtMapKey(server)
	for _, f := range field {
		p = p.AtMapKey(f)
	}
	return p
}

// sameAs checks that a value of the resource equals another of it.
func sameAs(a, b tfjsonpath.Path) statecheck.StateCheck {
	return statecheck.CompareValuePairs(invocationAddress, a, invocationAddress, b, compare.ValuesSame())
}

// TestAccCommandInvocation_rollout runs a command on 120 servers of an
// emulator seeded with a fleet, one without its agent and one failing: 3
// batches of at most 50, one InvokeCommand each, one after the other, with
// every server's result in results under its batch's invoke id, and one
// DescribeCommandInvocations request a batch a poll.
func TestAccCommandInvocation_rollout(t *testing.T) {
	emu := acctest.NewFixtureEmulator(t, emulator.Options{})
	emu.AdvanceClockOnRequest(acctest.CommandInvocationsAction, time.Second)
	batch := func(i int) tfjsonpath.Path { return tfjsonpath.New("invoke_ids").AtSliceIndex(i) }
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{{
		Config: emu.Config(t, "main.tf", nil),
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.ExpectValue(invocationAddress, "invoke_ids", knownvalue.ListSizeExact(3)),
			acctest.ExpectValue(invocationAddress, "results", knownvalue.MapSizeExact(120)),
			acctest.ExpectValue(invocationAddress, "invocation_status", knownvalue.StringExact("PartialFailed")),
			sameAs(tfjsonpath.New("invoke_id"), batch(0)),
			sameAs(result("fleet-001", "invoke_id"), batch(0)),
			sameAs(result("fleet-050", "invoke_id"), batch(0)),
			sameAs(result("fleet-051", "invoke_id"), batch(1)),
			sameAs(result("fleet-100", "invoke_id"), batch(1)),
			sameAs(result("fleet-101", "invoke_id"), batch(2)),
			sameAs(result("fleet-120", "invoke_id"), batch(2)),
			acctest.ExpectValueAt(invocationAddress, result("fleet-007"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"invocation_status": knownvalue.StringExact("Invalid"),
				"error_code":        knownvalue.StringExact("ClientNotRunning"),
			})),
			acctest.ExpectValueAt(invocationAddress, result("fleet-100"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"invocation_status": knownvalue.StringExact("Failed"),
				"exit_code":         knownvalue.Int64Exact(3),
				"output":            knownvalue.StringExact("disk full\n"),
			})),
			acctest.ExpectValueAt(invocationAddress, result("fleet-120"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"invocation_status": knownvalue.StringExact("Success"),
				"output":            knownvalue.StringExact("deployed\n"),
			})),
		},
	}}})
	if got := emu.Requests(acctest.InvokeCommandAction); got != 3 {
		t.Errorf("%d InvokeCommand requests for 120 servers, want 3", got)
	}
	// Each request moves the clock on a second: a batch pending for a
	// second and running for two ends at its third read.
	if got := emu.Requests(acctest.CommandInvocationsAction); got != 9 {
		t.Errorf("%d DescribeCommandInvocations requests for 3 batches in turn, want 9: one a batch a poll", got)
	}
}

// TestAccCommandInvocation_maxConcurrency runs 30 servers 10 at a time: 3
// batches, never more than 10 servers running; then 40 servers 30% at a
// time, which rounds up to 12: batches of 12, 12, 12 and 4. Changing
// max_concurrency alone runs nothing.
func TestAccCommandInvocation_maxConcurrency(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 40, nil)
	config := func(servers int, concurrency string) string {
		return emu.Config(t, "main.tf", acctest.ConfigValues{"Instances": acctest.Fleet(servers), "MaxConcurrency": concurrency})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config: config(30, "10"),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(invocationAddress, "max_concurrency", knownvalue.StringExact("10")),
				acctest.ExpectValue(invocationAddress, "invoke_ids", knownvalue.ListSizeExact(3)),
				acctest.ExpectValue(invocationAddress, "results", knownvalue.MapSizeExact(30)),
				acctest.ExpectValue(invocationAddress, "invocation_status", knownvalue.StringExact("Success")),
			},
		},
		{
			PreConfig: func() {
				emu.ExpectInvocations(t, 3, 30)
				if got := emu.MostRunning(); got != 10 {
					t.Errorf("at most %d servers ran at once, want 10", got)
				}
			},
			Config: config(30, `"50%"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(invocationAddress, plancheck.ResourceActionUpdate),
			}},
		},
		{
			PreConfig: func() { emu.ExpectInvocations(t, 3, 30) },
			Config:    config(40, `"30%"`),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(invocationAddress, "max_concurrency", knownvalue.StringExact("30%")),
				acctest.ExpectValue(invocationAddress, "invoke_ids", knownvalue.ListSizeExact(4)),
				acctest.ExpectValue(invocationAddress, "results", knownvalue.MapSizeExact(40)),
			},
		},
	}})
	emu.ExpectInvocations(t, 7, 70)
	if got := emu.MostRunning(); got != 12 {
		t.Errorf("at most %d servers ran at once, want 12 (30%% of 40, rounded up)", got)
	}
}

// TestAccCommandInvocation_maxErrors runs 100 servers 10 at a time with
// max_errors = 2, the 4th to the 6th failing: the rollout stops after the
// first batch, and the apply fails naming the 3 servers that failed, with
// their exit codes, and the 90 never started. The state keeps the batch
// that ran, tainted. Then 0% stops at the first failure: 5% at a time is
// a batch of 5, of which 2 fail.
func TestAccCommandInvocation_maxErrors(t *testing.T) {
	emu := acctest.NewFixtureEmulator(t, emulator.Options{})
	emu.AdvanceClockOnRequest(acctest.CommandInvocationsAction, time.Second)
	var neverStarted []string
	for n := 11; n <= 100; n++ {
		neverStarted = append(neverStarted, fmt.Sprintf("fleet-%03d", n))
	}
	config := func(concurrency, errors string) string {
		return emu.Config(t, "main.tf", acctest.ConfigValues{"MaxConcurrency": concurrency, "MaxErrors": errors})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config: config("10", "2"),
			ExpectError: acctest.WrappedRegexp(`Rollout stopped after too many failures.*failed on 3 servers, more than max_errors allows \(2\)` +
				`.*no batch started after that` +
				`.*fleet-004: status Failed, exit code 2, error code ExitCodeNonzero.*error: disk full` +
				`.*fleet-005: status Failed, exit code 2.*fleet-006: status Failed, exit code 2` +
				`.*Never started on 90 servers: ` + strings.Join(neverStarted, ", ") + `\.` +
				`.*saved in the state.*marked tainted`),
		},
		{
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(invocationAddress, "invoke_ids.#", "1"),
				resource.TestCheckResourceAttr(invocationAddress, "results.%", "10"),
				resource.TestCheckResourceAttr(invocationAddress, "results.fleet-005.exit_code", "2"),
				resource.TestCheckResourceAttr(invocationAddress, "results.fleet-010.invocation_status", "Success"),
				resource.TestCheckNoResourceAttr(invocationAddress, "results.fleet-011.invocation_status"),
				func(s *terraform.State) error {
					if !s.RootModule().Resources[invocationAddress].Primary.Tainted {
						return fmt.Errorf("%s is not tainted", invocationAddress)
					}
					return nil
				},
			),
		},
		{
			PreConfig: func() {
				if got := emu.Requests(acctest.InvokeCommandAction); got != 1 {
					t.Errorf("%d InvokeCommand requests, want 1: no batch after the failures", got)
				}
			},
			Config: config(`"5%"`, `"0%"`),
			ExpectError: acctest.WrappedRegexp(`failed on 2 servers, more than max_errors allows \(0\)` +
				`.*fleet-004: status Failed.*fleet-005: status Failed.*Never started on 95 servers: fleet-006, `),
		},
	}})
	if got := emu.Requests(acctest.InvokeCommandAction); got != 2 {
		t.Errorf("%d InvokeCommand requests, want 2: one batch in each rollout", got)
	}
}

// TestAccCommandInvocation_rolloutInvalidLimits rejects at plan time,
// naming the attribute and without a call to the API, a max_concurrency
// of 0 and invalid percentages, and more servers than the ceiling.
func TestAccCommandInvocation_rolloutInvalidLimits(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 1, nil)
	var steps []resource.TestStep
	for _, c := range []struct{ instances, arguments, want string }{
		{acctest.Fleet(1), `max_concurrency = 0`, `Invalid max_concurrency.*max_concurrency is "0", but at least 1 server must run at a time`},
		{acctest.Fleet(1), `max_concurrency = "0%"`, `Invalid max_concurrency.*max_concurrency is "0%", but at least 1`},
		{acctest.Fleet(1), `max_concurrency = "150%"`, `Invalid percentage.*max_concurrency is "150%", which is not a whole percentage from 1% to 100%`},
		{acctest.Fleet(1), `max_errors = "101%"`, `Invalid percentage.*max_errors is "101%", which is not a whole percentage from 0% to 100%`},
		{acctest.Fleet(1), `max_errors = "2.5%"`, `Invalid percentage.*max_errors is "2.5%"`},
		{acctest.Fleet(1), `max_errors = "ten"`, `Invalid max_errors.*neither a whole number nor a percentage.*such as "10%"`},
		{`[for n in range(1, 1002) : format("fleet-%04d", n)]`, ``, `instance_ids.*must contain at least 1 elements and at most 1000 elements, got: 1001`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.Config(t, "invalid.tf", acctest.ConfigValues{"Instances": c.instances, "Arguments": c.arguments}),
			PlanOnly:    true,
			ExpectError: acctest.WrappedRegexp(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: steps})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid inputs reached the API %d times", n)
	}
}

// TestAccCommandInvocation_interruptedRollout: SIGINT to tofu apply while
// 120 servers roll out 100 at a time. The apply stops, and the state keeps
// the two batches that started, with the 100 servers they run, tainted;
// the next plan replaces the run, as the docs say, and runs nothing
// itself.
func TestAccCommandInvocation_interruptedRollout(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 120, nil)
	emu.SetInvokeCommand(func(inv *emulator.Invocation) {
		emu.Invoke(inv)
		inv.RunningFor = time.Hour
	})
	config := emu.Config(t, "main.tf", acctest.ConfigValues{"Instances": acctest.Fleet(120), "MaxConcurrency": 100})
	tofu, work := acctest.ProcessWorkspace(t, config)

	output := acctest.Interrupt(t, tofu, work, []string{"apply", "-auto-approve", "-input=false", "-no-color"}, func() bool {
		return emu.Requests(acctest.InvokeCommandAction) == 2 && emu.Requests(acctest.CommandInvocationsAction) >= 4
	})
	for _, want := range []string{"Stopped waiting for the command", "Never started on 20 servers", "marked tainted"} {
		if !strings.Contains(strings.Join(strings.Fields(output), " "), want) {
			t.Errorf("the interrupted apply does not say %q:\n%s", want, output)
		}
	}

	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string `json:"address"`
					Tainted bool   `json:"tainted"`
					Values  struct {
						InvokeIDs []string `json:"invoke_ids"`
						Results   map[string]struct {
							InvokeID string `json:"invoke_id"`
						} `json:"results"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	shown := tofu.Run(t, work, nil, "show", "-json")
	if err := json.Unmarshal([]byte(shown), &state); err != nil {
		t.Fatalf("reading tofu show -json: %v", err)
	}
	found := false
	for _, r := range state.Values.RootModule.Resources {
		if r.Address != invocationAddress {
			continue
		}
		found = true
		if len(r.Values.InvokeIDs) != 2 || len(r.Values.Results) != 100 || !r.Tainted {
			t.Errorf("the state holds %d invoke ids and %d results, tainted %v; want 2, 100 and tainted",
				len(r.Values.InvokeIDs), len(r.Values.Results), r.Tainted)
		}
		perBatch := map[string]int{}
		for _, result := range r.Values.Results {
			perBatch[result.InvokeID]++
		}
		for _, id := range r.Values.InvokeIDs {
			if perBatch[id] != 50 {
				t.Errorf("batch %s holds %d servers in results, want 50", id, perBatch[id])
			}
		}
	}
	if !found {
		t.Fatalf("no %s in the state:\n%s", invocationAddress, shown)
	}

	plan := tofu.Run(t, work, nil, "plan", "-input=false", "-no-color")
	if !regexp.MustCompile(regexp.QuoteMeta(invocationAddress) + ` is tainted, so (it )?must be replaced`).MatchString(plan) {
		t.Errorf("the next plan does not replace the interrupted run:\n%s", plan)
	}
	if got := emu.Requests(acctest.InvokeCommandAction); got != 2 {
		t.Errorf("%d InvokeCommand requests, want the 2 batches started before the interrupt", got)
	}
}

// TestAccCommandInvocation_batchStartsWhenShareIsFree runs 100 servers 75
// at a time: batches of 50 and 25 start at once, and when the 25 end, long
// before the 50, the third batch starts at once, without waiting for the
// first to end as a wave would.
func TestAccCommandInvocation_batchStartsWhenShareIsFree(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 100, nil)
	var batches []string
	emu.SetInvokeCommand(func(inv *emulator.Invocation) {
		if !slices.Contains(batches, inv.InvokeID) {
			batches = append(batches, inv.InvokeID)
		}
		if inv.InvokeID == batches[0] {
			inv.RunningFor = 20 * time.Second
		}
		emu.Invoke(inv)
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{{
		Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Instances": acctest.Fleet(100), "MaxConcurrency": 75}),
		ConfigStateChecks: []statecheck.StateCheck{
			acctest.ExpectValue(invocationAddress, "invoke_ids", knownvalue.ListSizeExact(3)),
			acctest.ExpectValue(invocationAddress, "results", knownvalue.MapSizeExact(100)),
		},
	}}})
	started := map[string]emulator.Invocation{}
	for _, inv := range emu.Started() {
		if _, ok := started[inv.InvokeID]; !ok {
			started[inv.InvokeID] = inv
		}
	}
	if len(batches) != 3 {
		t.Fatalf("%d batches, want 3", len(batches))
	}
	first, third := started[batches[0]], started[batches[2]]
	if end := first.CreatedAt.Add(first.PendingFor + first.RunningFor); !third.CreatedAt.Before(end) {
		t.Errorf("the third batch started at %s, after the first ended at %s: a wave", third.CreatedAt, end)
	}
	if got := emu.MostRunning(); got != 75 {
		t.Errorf("at most %d servers ran at once, want 75", got)
	}
}

// TestAccCommandInvocation_batchMayHaveStarted: the second batch's
// InvokeCommand fails with a 500, after it may have reached the API. It is
// not sent again, no batch starts after it, and the apply fails naming its
// servers as ones that may run the command; the state keeps the first
// batch, tainted, and names the servers never started.
func TestAccCommandInvocation_batchMayHaveStarted(t *testing.T) {
	emu := acctest.NewFleetEmulator(t, 120, nil)
	emu.SetInvokeCommand(func(inv *emulator.Invocation) {
		emu.Invoke(inv)
		emu.SetFault(acctest.InvokeCommandAction, emulator.Fault{FailNext: 1, FailStatus: 500})
	})
	// The servers in the order batches take them: of their ids.
	var sorted []string
	for n := 1; n <= 120; n++ {
		sorted = append(sorted, acctest.FleetServer(n))
	}
	slices.Sort(sorted)
	servers := func(from, to int) string { return strings.Join(sorted[from-1:to], ", ") }
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: []resource.TestStep{
		{
			Config: emu.Config(t, "main.tf", acctest.ConfigValues{
				"Instances": acctest.Fleet(120), "MaxConcurrency": 100,
			}),
			ExpectError: acctest.WrappedRegexp(`A batch may have started.*\(batch 2\).*may be running, or have run, on 50 servers.*` +
				servers(51, 100) + `\. .*No batch started after it\.` +
				`.*Invocation t-[0-9a-z]+ is saved in the state.*marked tainted` +
				`.*Never started on 20 servers: ` + servers(101, 120) + `\.`),
		},
		{
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(invocationAddress, "invoke_ids.#", "1"),
				resource.TestCheckResourceAttr(invocationAddress, "results.%", "50"),
				resource.TestCheckResourceAttr(invocationAddress, "results."+sorted[49]+".invocation_status", "Success"),
			),
		},
	}})
	if got := emu.Requests(acctest.InvokeCommandAction); got != 2 {
		t.Errorf("%d InvokeCommand requests, want 2: the failed one not sent again, and none after it", got)
	}
}
