package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// These tests hold the provider to the API's rate limits: every read of a
// plan succeeds under a limit, few requests are wasted, and the provider
// never sends faster than its ceiling.

// finishedReads seeds count finished runs and returns the reads of them a
// configuration declares, with a check that each one succeeded.
func finishedReads(emu *acctest.Emulator, count int) ([]map[string]string, []statecheck.StateCheck) {
	var reads []map[string]string
	var checks []statecheck.StateCheck
	for i := range count {
		invokeID := fmt.Sprintf("t-paced%03d", i)
		emu.AddInvocation(emulator.Invocation{InvokeID: invokeID, InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("ok\n")})
		name := fmt.Sprintf("r%03d", i)
		reads = append(reads, map[string]string{"Name": name, "InvokeID": invokeID})
		checks = append(checks, acctest.ExpectValue("data.swas_invocation_result."+name, "invocation_status", knownvalue.StringExact("Success")))
	}
	emu.Clock.Advance(time.Minute)
	return reads, checks
}

// TestAccPacing_readsUnderALimit: 60 reads in one plan under a limit of 10
// requests a second per key and action all succeed, with few requests
// wasted on throttles.
func TestAccPacing_readsUnderALimit(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const count = 60
	reads, checks := finishedReads(emu, count)
	emu.SetRateLimit(emulator.RateLimit{Rate: 10, Burst: 10})
	emu.SetLatency(20*time.Millisecond, 0)

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads}),
			ConfigStateChecks: checks,
			PlanOnly:          true,
		}},
	})
	// The step plans more than once, each plan reading every data source.
	answered := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, emulator.OutcomeOK)
	throttled := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, "Throttling.User")
	t.Logf("%d reads under 10/s: %d answered, %d throttled, %s", count, answered, throttled, time.Since(start).Round(time.Millisecond))
	if throttled == 0 {
		t.Error("the limit never throttled: the test proves nothing")
	}
	// Without pacing most requests would be throttled; with it, few are.
	if limit := answered / 5; throttled > limit {
		t.Errorf("%d throttled for %d answered, want at most %d", throttled, answered, limit)
	}
}

// TestAccPacing_timeLeftHonoured: under one request a second a throttled
// read waits the TimeLeft the API gives before it asks again,
// instead of retrying into the limit.
func TestAccPacing_timeLeftHonoured(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const count = 3
	reads, checks := finishedReads(emu, count)
	emu.SetRateLimit(emulator.RateLimit{Rate: 1, Burst: 1})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads}),
			ConfigStateChecks: checks,
			PlanOnly:          true,
		}},
	})
	throttled := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, "Throttling.User")
	admitted := emu.AdmittedAt(acctest.DescribeResultAction)
	t.Logf("%d reads under 1/s: %d admitted, %d throttled", count, len(admitted), throttled)
	// A read that waits its TimeLeft finds a token: at most the first wave,
	// sent before any answer came, is throttled in each plan.
	if throttled > len(admitted) {
		t.Errorf("%d throttled answers for %d admitted: the TimeLeft was not waited", throttled, len(admitted))
	}
}

// TestAccPacing_ceiling: with max_requests_per_second the provider never
// sends faster, so a limit at the ceiling (with a burst of 2 for the
// jitter of loopback) never throttles.
func TestAccPacing_ceiling(t *testing.T) {
	emu := acctest.NewEmulator(t)
	reads, checks := finishedReads(emu, 12)
	emu.SetRateLimit(emulator.RateLimit{Rate: 4, Burst: 2})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads, "Ceiling": 4}),
			ConfigStateChecks: checks,
			PlanOnly:          true,
		}},
	})
	assertCeilingKept(t, emu, 4)
}

// TestAccPacing_ceilingFromEnvironment reads the ceiling from
// SWAS_MAX_REQUESTS_PER_SECOND.
func TestAccPacing_ceilingFromEnvironment(t *testing.T) {
	emu := acctest.NewEmulator(t)
	reads, checks := finishedReads(emu, 8)
	emu.SetRateLimit(emulator.RateLimit{Rate: 4, Burst: 2})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProvidersWithEnv(map[string]string{"SWAS_MAX_REQUESTS_PER_SECOND": "4"}),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads}),
			ConfigStateChecks: checks,
			PlanOnly:          true,
		}},
	})
	assertCeilingKept(t, emu, 4)
}

func assertCeilingKept(t *testing.T, emu *acctest.Emulator, ceiling int) {
	t.Helper()
	// A window of two seconds holds at most 2 × ceiling turns, and one more
	// when it starts on a turn and ends on one.
	busiest := emu.MaxAdmittedIn(acctest.DescribeResultAction, 2*time.Second)
	throttled := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, "Throttling.User")
	t.Logf("ceiling %d/s: at most %d requests in two seconds, %d throttled", ceiling, busiest, throttled)
	if busiest > 2*ceiling+1 {
		t.Errorf("%d requests in two seconds, above the ceiling of %d a second", busiest, ceiling)
	}
	if throttled > 0 {
		t.Errorf("%d requests throttled under a limit at the ceiling", throttled)
	}
}

// TestAccPacing_invalidCeiling rejects a ceiling that cannot be kept, at
// plan time, naming the setting.
func TestAccPacing_invalidCeiling(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	reads := []map[string]string{{"Name": "test", "InvokeID": "t-seeded"}}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads, "Ceiling": 0}),
			ExpectError: regexp.MustCompile(`(?s)max_requests_per_second.*value must be between`),
		}},
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProvidersWithEnv(map[string]string{"SWAS_MAX_REQUESTS_PER_SECOND": "fast"}),
		Steps: []resource.TestStep{{
			Config:      strings.Replace(emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads, "Ceiling": 1}), "max_requests_per_second = 1", "", 1),
			ExpectError: acctest.WrappedRegexp(`Invalid SWAS_MAX_REQUESTS_PER_SECOND.*"fast".*Set it to a number`),
		}},
	})
}

// TestAccPacing_interruptWhileQueued: SIGINT to tofu while reads wait for
// their turn under a ceiling of one request a minute stops them at once.
func TestAccPacing_interruptWhileQueued(t *testing.T) {
	emu := acctest.NewEmulator(t)
	reads, _ := finishedReads(emu, 3)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads, "Ceiling": 1.0 / 60}))

	// The first read takes the minute's turn; the others queue behind it.
	var firstSent time.Time
	acctest.InterruptPlan(t, tofu, work, func() bool {
		if firstSent.IsZero() && emu.Requests(acctest.DescribeResultAction) >= 1 {
			firstSent = time.Now()
		}
		return !firstSent.IsZero() && time.Since(firstSent) >= time.Second
	})
	if got := emu.Requests(acctest.DescribeResultAction); got != 1 {
		t.Errorf("%d requests were sent, want only the first: the queued reads went early", got)
	}
}

// TestAccPacing_randomThrottles: with 40% of requests throttled at random,
// as a busy backend does whatever the rate, 40 reads in one plan all
// succeed within a minute: the pacer finds its rate is not the cause and
// retries them with backoff instead of slowing down. Before, every
// throttle cut the rate, down to one request a minute.
func TestAccPacing_randomThrottles(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const count = 40
	reads, checks := finishedReads(emu, count)
	emu.SetFault(acctest.DescribeResultAction, emulator.Fault{ThrottleShare: 0.4})
	emu.SetLatency(20*time.Millisecond, 0)

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads}),
			ConfigStateChecks: checks,
			PlanOnly:          true,
		}},
	})
	took := time.Since(start)
	answered := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, emulator.OutcomeOK)
	throttled := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, "Throttling.User")
	t.Logf("%d reads, 40%% throttled at random: %d answered, %d throttled, %s", count, answered, throttled, took.Round(time.Millisecond))
	if throttled == 0 {
		t.Error("nothing was throttled: the test proves nothing")
	}
	// The step plans twice: a few seconds each on a quiet machine.
	if took > time.Minute {
		t.Errorf("the reads took %s, want under a minute", took)
	}
}

// TestAccPacing_sharedQuota: under a limit of 10 requests a second of which
// another client spends half, 60 reads in one plan all succeed, the pacer
// settling on what is left with few requests throttled.
func TestAccPacing_sharedQuota(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const count = 60
	reads, checks := finishedReads(emu, count)
	emu.SetRateLimit(emulator.RateLimit{Rate: 10, Burst: 10, Shared: 0.5})
	emu.SetLatency(20*time.Millisecond, 0)

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads}),
			ConfigStateChecks: checks,
			PlanOnly:          true,
		}},
	})
	answered := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, emulator.OutcomeOK)
	throttled := emu.ActionRequestsWithOutcome(acctest.DescribeResultAction, "Throttling.User")
	t.Logf("%d reads, 5/s left of 10/s: %d answered, %d throttled, %s", count, answered, throttled, time.Since(start).Round(time.Millisecond))
	if throttled == 0 {
		t.Error("the limit never throttled: the test proves nothing")
	}
	if limit := answered / 4; throttled > limit {
		t.Errorf("%d throttled for %d answered, want at most %d", throttled, answered, limit)
	}
}

// TestAccPacing_waitsOnOneServerSharePolls: four commands on one server,
// applied together, are waited for with one DescribeInvocations a round
// for them all and one DescribeInvocationResult each as it ends, as the
// emulator counts them; alone, each wait would read its result every
// round. The world clock runs twenty times faster than real time.
func TestAccPacing_waitsOnOneServerSharePolls(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.CommandOutcome{RunningFor: 40 * time.Second})
	emu.AdvanceClockOnRequest(acctest.DescribeResultAction, 0)
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				emu.Clock.Advance(time.Second)
			}
		}
	}()
	const count = 4
	var checks []statecheck.StateCheck
	for i := range count {
		checks = append(checks, acctest.ExpectValue(fmt.Sprintf("swas_run_command.deploy[%d]", i), "invocation_status", knownvalue.StringExact("Success")),
			acctest.ExpectValue(fmt.Sprintf("swas_run_command.deploy[%d]", i), "output", knownvalue.StringExact(fmt.Sprintf("ran: /srv/app/deploy.sh %d\n", i))))
	}
	start := time.Now()
	emu.TestExpectingRuns(t, count, []resource.TestStep{{
		Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Count": count}),
		ConfigStateChecks: checks,
	}})
	took := time.Since(start)
	rounds, results := emu.Requests("DescribeInvocations"), emu.Requests(acctest.DescribeResultAction)
	agents := emu.Requests("DescribeCloudAssistantAttributes")
	t.Logf("%d commands of about 2 s in %s: %d DescribeInvocations, %d DescribeInvocationResult, %d DescribeCloudAssistantAttributes",
		count, took.Round(time.Millisecond), rounds, results, agents)
	if rounds == 0 {
		t.Error("no DescribeInvocations: the waits did not share their polls")
	}
	// A result at each end, and a first read for each wait that joined
	// while another read alone.
	if results > 2*count {
		t.Errorf("%d DescribeInvocationResult for %d commands, want %d at most", results, count, 2*count)
	}
	// The rounds come at the pace of one wait, every 160 ms at most, and at
	// once for each wait joining: about as many as one wait alone reads.
	if most := int(took/(160*time.Millisecond)) + count; rounds > most {
		t.Errorf("%d rounds in %s, want %d at most", rounds, took.Round(time.Millisecond), most)
	}
}
