package bench

import (
	"fmt"
	"strings"
	"time"
)

// Targets of the rate-limit cases (issue #12), and of those with throttles
// the rate does not cause (issue #25).
const (
	maxWallOverFloor    = 1.2  // wall time against the physical limit
	maxRequestsOverN    = 1.1  // requests sent per read
	maxWallOverBaseline = 1.05 // without a limit: no slower than the baseline, within noise
	maxWallOverPlain    = 2    // against a plain retry-with-backoff client
	maxPlainWall        = 20 * time.Second
)

// reportRateCase adds a case's rows: samples holds each side's, in the
// table's column order, and plain the plain client's runs, if any. Wall
// times are medians, the other figures the worst of the runs.
func reportRateCase(t *table, c rateCase, samples [][]rateSample, plain []rateSample) {
	t.section(c.String())
	medians := make([]rateSample, len(samples))
	for i, ss := range samples {
		medians[i] = summarize(ss)
	}
	verb := "plan"
	if c.commands > 0 {
		verb = "apply"
	}
	floor := c.floor()
	switch {
	case floor > 0:
		// A run that failed did not do the work: its time does not count.
		t.add(sideRow(fmt.Sprintf("%s wall time (physical limit %s)", verb, formatDuration(floor)), medians,
			func(m rateSample) string {
				return fmt.Sprintf("%s (%.2fx)", wallOf(m), float64(m.wall)/float64(floor))
			},
			fmt.Sprintf("≤ %gx limit, no failure", c.maxOver()),
			func(m rateSample) bool { return m.failures == 0 && float64(m.wall) <= c.maxOver()*float64(floor) }))
	case len(plain) > 0:
		for _, r := range plainWallRows(verb, medians, summarize(plain), len(plain)) {
			t.add(r)
		}
	default:
		t.add(unlimitedWallRow(verb, medians, len(samples[0])))
	}
	perN := func(m rateSample) float64 { return float64(m.requests) / float64(c.n()) }
	requests := func(m rateSample) string { return fmt.Sprintf("%d (%.2f)", m.requests, perN(m)) }
	switch {
	case c.reads > 0 && c.throttled == 0 && c.limit.Shared == 0:
		t.add(sideRow("requests sent (per read)", medians, requests, fmt.Sprintf("≤ %g", maxRequestsOverN),
			func(m rateSample) bool { return perN(m) <= maxRequestsOverN }))
	case c.reads > 0:
		t.add(sideRow("requests sent (per read)", medians, requests, "", nil))
	default:
		t.add(sideRow("requests sent (per command)", medians, requests, "", nil))
	}
	throttled := func(m rateSample) string {
		return fmt.Sprintf("%d (%.0f%%)", m.throttled, 100*float64(m.throttled)/float64(max(m.requests, 1)))
	}
	if c.maxThrottled > 0 {
		t.add(sideRow("requests throttled", medians, throttled, fmt.Sprintf("≤ %g%% of requests", 100*c.maxThrottled),
			func(m rateSample) bool { return float64(m.throttled) <= c.maxThrottled*float64(m.requests) }))
	} else {
		t.add(sideRow("requests throttled", medians, throttled, "", nil))
	}
	t.add(sideRow("failures", medians, func(m rateSample) string { return fmt.Sprint(m.failures) }, "0",
		func(m rateSample) bool { return m.failures == 0 }))
}

// sideRow puts a figure of each side in its column and, with a check, a
// verdict for each.
func sideRow(measure string, medians []rateSample, figure func(rateSample) string, target string, check func(rateSample) bool) row {
	r := row{measure: measure, target: target}
	var verdicts []string
	for _, m := range medians {
		if check != nil {
			verdicts = append(verdicts, verdict(check(m)))
		}
	}
	r.met = strings.Join(verdicts, " / ")
	if len(medians) == 1 {
		r.swas = figure(medians[0])
		return r
	}
	r.floor, r.swas = figure(medians[0]), figure(medians[1])
	return r
}

// wallOf is a run's wall time, or that it was stopped.
func wallOf(m rateSample) string {
	if m.stopped {
		return "> " + formatDuration(m.wall) + ", stopped"
	}
	return formatDuration(m.wall)
}

// plainWallRows compare each build's wall time with a plain
// retry-with-backoff client's, run the same number of times.
func plainWallRows(verb string, medians []rateSample, plain rateSample, runs int) []row {
	wall := sideRow(fmt.Sprintf("%s wall time (median of %d)", verb, runs), medians,
		func(m rateSample) string {
			return fmt.Sprintf("%s (%.2fx plain)", wallOf(m), float64(m.wall)/float64(plain.wall))
		},
		fmt.Sprintf("≤ %gx plain and < %s, no failure", float64(maxWallOverPlain), formatDuration(maxPlainWall)),
		func(m rateSample) bool {
			return m.failures == 0 && m.wall <= maxWallOverPlain*plain.wall && m.wall < maxPlainWall
		})
	reference := row{
		measure: fmt.Sprintf("%s wall time of a plain retry-with-backoff client, max_retries 10 (median of %d)", verb, runs),
		swas:    fmt.Sprintf("%s, failures %d", wallOf(plain), plain.failures),
	}
	return []row{wall, reference}
}

// unlimitedWallRow compares this build's wall time with the baseline's.
func unlimitedWallRow(verb string, medians []rateSample, runs int) row {
	r := row{measure: fmt.Sprintf("%s wall time (median of %d)", verb, runs)}
	if len(medians) == 1 {
		r.swas = formatDuration(medians[0].wall)
		return r
	}
	base, this := medians[0].wall, medians[1].wall
	r.floor = formatDuration(base)
	r.swas = fmt.Sprintf("%s (%.2fx baseline)", formatDuration(this), float64(this)/float64(base))
	r.target = fmt.Sprintf("≤ %gx baseline", maxWallOverBaseline)
	r.met = "– / " + verdict(float64(this) <= maxWallOverBaseline*float64(base))
	return r
}

// summarize is the median wall time of ss, and the worst of its other
// figures.
func summarize(ss []rateSample) rateSample {
	var sum rateSample
	walls := make([]time.Duration, len(ss))
	for i, s := range ss {
		walls[i] = s.wall
		sum.requests = max(sum.requests, s.requests)
		sum.throttled = max(sum.throttled, s.throttled)
		sum.failures = max(sum.failures, s.failures)
		sum.stopped = sum.stopped || s.stopped
		sum.connections = max(sum.connections, s.connections)
		sum.handshakes = max(sum.handshakes, s.handshakes)
	}
	sum.wall = median(walls)
	return sum
}
