package bench

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// The rollouts of issue 27: rolloutSize servers, a command of
// rolloutCommand (pending a second, then running), rolloutConcurrency at
// a time; beside them, for_each over swas_command_invocation of 50
// servers each, which runs them all at once.
const (
	rolloutSize        = 500
	rolloutCommand     = 30 * time.Second
	rolloutConcurrency = 100
	// The rollout that max_errors stops: 100 servers, 10 at a time, the
	// 4th to the 6th failing, with a short command.
	stopSize        = 100
	stopConcurrency = 10
	stopMaxErrors   = 2
	stopCommand     = 2 * time.Second
)

// rolloutLimit is one rate limit the rollouts run under.
type rolloutLimit struct {
	name  string
	limit emulator.RateLimit
	// slack is the target's bound on wall time, as a multiple of the
	// bound.
	slack float64
}

var rolloutLimits = []rolloutLimit{
	{"no rate limit", emulator.RateLimit{}, 1.2},
	{"1 request/s per action", emulator.RateLimit{Rate: 1, Burst: 1}, 1.3},
}

// measureRollouts applies, for each rate limit, one swas_command_invocation
// on every server with max_concurrency, then for_each over
// swas_command_invocation of 50 servers each, against an emulator on the
// real clock; then the rollout that max_errors stops.
func (s *session) measureRollouts(ctx context.Context, t *table) error {
	batches := int(math.Ceil(float64(rolloutSize) / swasclient.MaxInvokeInstances))
	waves := int(math.Ceil(float64(rolloutSize) / rolloutConcurrency))
	rounds := pollRounds(swasclient.DefaultPollSchedule, rolloutCommand)
	for i, l := range rolloutLimits {
		b := newBackendWith(emulator.Options{RateLimit: l.limit}, nil)
		b.SetInvokeCommand(func(inv *emulator.Invocation) {
			inv.PendingFor, inv.RunningFor = time.Second, rolloutCommand-time.Second
		})
		for j := range rolloutSize {
			b.addServer(j)
		}
		starts := 0.0
		if l.limit.Rate > 0 {
			starts = float64(batches) / l.limit.Rate
		}
		wallBound := time.Duration(waves)*rolloutCommand + time.Duration(starts*float64(time.Second))
		requestBound := batches + batches*rounds
		t.section(fmt.Sprintf("%d servers, a %s command, %s", rolloutSize, formatSeconds(rolloutCommand), l.name))
		cases := []struct{ name, config string }{
			{fmt.Sprintf("one swas_command_invocation, max_concurrency = %d", rolloutConcurrency), rolloutConfig(b)},
			{fmt.Sprintf("for_each over %d swas_command_invocation of %d", batches, swasclient.MaxInvokeInstances), forEachConfig(b)},
		}
		for k, c := range cases {
			dir, err := writeWorkspace(s.work, fmt.Sprintf("rollout-%d-%d", i, k), c.config)
			if err != nil {
				b.close()
				return err
			}
			var bounds *rolloutBounds
			if k == 0 {
				bounds = &rolloutBounds{wall: wallBound, requests: requestBound, slack: l.slack}
			}
			s.applyRollout(ctx, t, b, c.name+" ("+l.name+")", c.name, dir, bounds)
		}
		b.close()
	}
	return s.measureStoppedRollout(ctx, t)
}

// rolloutBounds are what the rollout of one case is held to.
type rolloutBounds struct {
	wall     time.Duration
	requests int
	slack    float64
}

// applyRollout applies the workspace dir against b and adds its rows to t
// under name; bounds, when given, are its targets.
func (s *session) applyRollout(ctx context.Context, t *table, b *backend, what, name, dir string, bounds *rolloutBounds) {
	b.ResetCounters()
	s.progress("applying %s", what)
	run, out, err := s.tofu.run(ctx, dir, []string{"apply", "-auto-approve", "-input=false", "-no-color"})
	failures := 0
	if err != nil {
		failures = 1
		s.progress("%s failed: %v\n%s", name, err, lastBytes(out, 4000))
	}
	fleetRequests := b.Requests("InvokeCommand") + b.Requests("DescribeCommandInvocations")
	s.progress("%s: %s, %d requests (%d InvokeCommand, %d DescribeCommandInvocations), %d throttled",
		name, formatDuration(run.wall), b.TotalRequests(), b.Requests("InvokeCommand"),
		b.Requests("DescribeCommandInvocations"), b.RequestsWithOutcome("Throttling.User"))
	wall := row{measure: name + ": apply wall time", swas: formatDuration(run.wall)}
	requests := row{measure: name + ": API requests", swas: fmt.Sprintf("%d (%d InvokeCommand, %d DescribeCommandInvocations, %d other)",
		b.TotalRequests(), b.Requests("InvokeCommand"), b.Requests("DescribeCommandInvocations"), b.TotalRequests()-fleetRequests)}
	failed := row{measure: name + ": failures", swas: fmt.Sprint(failures)}
	if bounds != nil {
		wallRatio := run.wall.Seconds() / bounds.wall.Seconds()
		wall.swas += fmt.Sprintf(" (%.2fx the bound %s)", wallRatio, formatDuration(bounds.wall))
		wall.target, wall.met = fmt.Sprintf("≤ %.1fx bound", bounds.slack), verdict(wallRatio <= bounds.slack && failures == 0)
		requestRatio := float64(fleetRequests) / float64(bounds.requests)
		requests.swas += fmt.Sprintf("; fleet requests %.2fx the bound %d", requestRatio, bounds.requests)
		requests.target, requests.met = "fleet requests ≤ 1.2x bound", verdict(requestRatio <= 1.2)
		failed.target, failed.met = "0", verdict(failures == 0)
	}
	t.add(wall)
	t.add(requests)
	t.add(failed)
}

// pollRounds is how many reads a wait on schedule makes for a command
// that ends after d, without the jitter that shortens intervals: the
// first at once, one a round until d, and the read that sees it ended.
func pollRounds(schedule swasclient.PollSchedule, d time.Duration) int {
	reads := 1
	for at := time.Duration(0); at < d; reads++ {
		at += min(max(at/10, schedule.Min), schedule.Max)
	}
	return reads
}

// measureStoppedRollout applies the rollout that max_errors stops and
// checks that no batch started after the failures, and that the error
// names the servers that failed and those never started.
func (s *session) measureStoppedRollout(ctx context.Context, t *table) error {
	b := newBackendWith(emulator.Options{}, nil)
	defer b.close()
	failing := map[string]bool{instanceID(3): true, instanceID(4): true, instanceID(5): true}
	b.SetInvokeCommand(func(inv *emulator.Invocation) {
		inv.PendingFor, inv.RunningFor = time.Second, stopCommand-time.Second
		if failing[inv.InstanceID] {
			inv.FinalStatus, inv.ExitCode = emulator.StatusFailed, 2
		}
	})
	for i := range stopSize {
		b.addServer(i)
	}
	dir, err := writeWorkspace(s.work, "rollout-stopped", stoppedRolloutConfig(b))
	if err != nil {
		return err
	}
	t.section(fmt.Sprintf("%d servers, max_concurrency = %d, max_errors = %d, the 4th to the 6th failing",
		stopSize, stopConcurrency, stopMaxErrors))
	s.progress("applying the rollout that max_errors stops")
	run, out, err := s.tofu.run(ctx, dir, []string{"apply", "-auto-approve", "-input=false", "-no-color"})
	text := strings.Join(strings.Fields(string(out)), " ")
	named := err != nil && strings.Contains(text, "failed on 3 servers, more than max_errors allows (2)") &&
		strings.Contains(text, fmt.Sprintf("Never started on %d servers", stopSize-stopConcurrency))
	for id := range failing {
		named = named && strings.Contains(text, id+": status Failed, exit code 2")
	}
	for i := stopConcurrency; i < stopSize; i++ {
		named = named && strings.Contains(text, instanceID(i))
	}
	s.progress("stopped rollout: %s, %d InvokeCommand, named: %v", formatDuration(run.wall), b.Requests("InvokeCommand"), named)
	if !named {
		s.progress("the error does not name what it should:\n%s", lastBytes(out, 6000))
	}
	t.add(row{measure: "batches started (InvokeCommand)", swas: fmt.Sprint(b.Requests("InvokeCommand")),
		target: "1: none after the 3rd failure", met: verdict(b.Requests("InvokeCommand") == 1)})
	t.add(row{measure: "the error names the 3 failures and the 90 never started", swas: map[bool]string{true: "yes", false: "no"}[named],
		target: "yes", met: verdict(named)})
	t.add(row{measure: "apply wall time", swas: formatDuration(run.wall)})
	return nil
}

// serverList is the HCL list of servers from to to (excluded).
func serverList(from, to int) string {
	ids := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		ids = append(ids, fmt.Sprintf("%q", instanceID(i)))
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

// rolloutConfig runs the command on every server, rolloutConcurrency at a
// time.
func rolloutConfig(b *backend) string {
	return savedCommandConfig(b, fmt.Sprintf("sleep %d", int(rolloutCommand.Seconds()))) + fmt.Sprintf(`
resource "swas_command_invocation" "fleet" {
  command_id      = swas_command.fleet.id
  instance_ids    = %s
  max_concurrency = %d
}
`, serverList(0, rolloutSize), rolloutConcurrency)
}

// forEachConfig runs the command on every server with one
// swas_command_invocation per group of 50, all at once.
func forEachConfig(b *backend) string {
	var groups []string
	for from := 0; from < rolloutSize; from += swasclient.MaxInvokeInstances {
		groups = append(groups, fmt.Sprintf("    g%02d = %s", from/swasclient.MaxInvokeInstances,
			serverList(from, min(from+swasclient.MaxInvokeInstances, rolloutSize))))
	}
	return savedCommandConfig(b, fmt.Sprintf("sleep %d", int(rolloutCommand.Seconds()))) + fmt.Sprintf(`
locals {
  groups = {
%s
  }
}

resource "swas_command_invocation" "group" {
  for_each     = local.groups
  command_id   = swas_command.fleet.id
  instance_ids = each.value
}
`, strings.Join(groups, "\n"))
}

// stoppedRolloutConfig is the rollout that max_errors stops.
func stoppedRolloutConfig(b *backend) string {
	return savedCommandConfig(b, "deploy") + fmt.Sprintf(`
resource "swas_command_invocation" "fleet" {
  command_id      = swas_command.fleet.id
  instance_ids    = %s
  max_concurrency = %d
  max_errors      = %d
}
`, serverList(0, stopSize), stopConcurrency, stopMaxErrors)
}
