package bench

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// Targets of the section over HTTPS (issue #20).
const (
	maxConnectionsPerPlan = 12  // 100 reads at OpenTofu's parallelism of 10
	maxWallOverLimit      = 1.3 // wall time against the physical limit, at 150 ms
	targetLatency         = 150 * time.Millisecond
)

// wire is how the emulator serves a case.
type wire int

const (
	plainHTTP wire = iota
	httpsH2        // HTTPS, HTTP/2 offered, as by the API's gateway
	httpsH1        // HTTPS, HTTP/1.1 only, as by a server or proxy without HTTP/2
)

func (w wire) String() string {
	switch w {
	case httpsH2:
		return "HTTPS with HTTP/2 offered"
	case httpsH1:
		return "HTTPS with HTTP/1.1 only"
	}
	return "plain HTTP"
}

// httpsCase is one case of the section "over HTTPS": one plan of reads of
// finished commands, or of reads waiting for commands to finish, against
// an emulator that answers after latency and makes every TCP and TLS
// handshake cost a round trip of it, as a region that far would.
type httpsCase struct {
	reads   int
	command time.Duration // the commands' run time when the reads wait; 0: finished
	latency time.Duration
	wire    wire
}

// httpsCases are issue #20's: reads and waits over HTTPS at 50 and 150 ms,
// with HTTP/2 and without, and plain HTTP without a limit, which must be
// no slower than before. The reads over HTTPS without latency come first:
// what OpenTofu and the provider spend besides the network, which the
// cases with latency are compared with.
var httpsCases = func() []httpsCase {
	cases := []httpsCase{{reads: 100, wire: httpsH2}, {reads: 100, wire: httpsH1}}
	for _, latency := range []time.Duration{50 * time.Millisecond, targetLatency} {
		for _, w := range []wire{httpsH2, httpsH1} {
			cases = append(cases,
				httpsCase{reads: 100, latency: latency, wire: w},
				httpsCase{reads: tofuParallelism, command: 10 * time.Second, latency: latency, wire: w})
		}
	}
	return append(cases,
		httpsCase{reads: 100, latency: 50 * time.Millisecond, wire: plainHTTP},
		httpsCase{reads: 500, wire: plainHTTP})
}()

func (c httpsCase) String() string {
	what := fmt.Sprintf("%d reads in one plan", c.reads)
	if c.command > 0 {
		what = fmt.Sprintf("%d reads waiting for commands of %s in one plan", c.reads, formatSeconds(c.command))
	}
	latency := formatDuration(c.latency) + " latency"
	if c.latency == 0 {
		latency = "no latency"
	}
	return fmt.Sprintf("%s, %s, %s", what, c.wire, latency)
}

// handshake is what a new connection costs before its first request: a
// round trip for TCP's handshake and, over TLS, one for TLS 1.3's.
func (c httpsCase) handshake() time.Duration {
	if c.wire == plainHTTP {
		return c.latency
	}
	return 2 * c.latency
}

// limit is the physical limit: for reads of finished commands,
// ⌈N / parallelism⌉ round trips, OpenTofu reading 10 at a time, plus one
// handshake per connection, which the connections opened at once pay
// together; for waits, the commands' run time, before which no read can
// see them finished. 0 without a latency.
func (c httpsCase) limit() time.Duration {
	switch {
	case c.command > 0:
		return c.command
	case c.latency == 0:
		return 0
	}
	waves := (c.reads + tofuParallelism - 1) / tofuParallelism
	return time.Duration(waves)*c.latency + c.handshake()
}

// measureHTTPS runs every case against the baseline build, if any, and
// this one, side by side, alternating them. Plans of finished commands run
// cfg.Runs times; waits, which take seconds each, once.
func (s *session) measureHTTPS(ctx context.Context, t *table) error {
	sides, err := s.rateSides(ctx)
	if err != nil {
		return err
	}
	t.header = rateHeader(sides)
	// The medians of each side's plan without latency, by wire.
	unhurried := map[wire][]rateSample{}
	for i, c := range httpsCases {
		runs := s.cfg.Runs
		if c.command > 0 {
			runs = 1
		}
		samples := make([][]rateSample, len(sides))
		for run := range runs {
			for k := range sides {
				j := (k + run) % len(sides)
				sample, err := s.httpsOnce(ctx, c, sides[j], fmt.Sprintf("https-%d-%d-%d", i, j, run))
				if err != nil {
					return err
				}
				s.progress("%s, %s, run %d/%d: %s, %d requests, %d connections, %d TLS handshakes, %d failures %s",
					c, sides[j].label, run+1, runs, formatDuration(sample.wall), sample.requests, sample.connections,
					sample.handshakes, sample.failures, sample.firstErr)
				samples[j] = append(samples[j], sample)
			}
		}
		medians := reportHTTPSCase(t, c, samples, unhurried[c.wire])
		if c.latency == 0 && c.command == 0 && c.wire != plainHTTP {
			unhurried[c.wire] = medians
		}
	}
	return nil
}

// httpsOnce plans case c once with side's build, against an emulator of
// its own, trusted through SSL_CERT_FILE over HTTPS.
func (s *session) httpsOnce(ctx context.Context, c httpsCase, sd side, name string) (rateSample, error) {
	caFile := filepath.Join(s.work, name+"-ca.pem")
	b, err := listeningBackend(emulator.Options{Latency: c.latency, TLS: c.wire != plainHTTP, HTTP1Only: c.wire == httpsH1}, caFile)
	if err != nil {
		return rateSample{}, err
	}
	defer b.close()
	extra := ""
	if c.command > 0 {
		extra = "  wait_for_completion = true\n"
	}
	dir, err := writeWorkspace(s.work, name, swasConfig(b, c.reads, extra))
	if err != nil {
		return rateSample{}, err
	}
	var env []string
	if c.wire != plainHTTP {
		env = append(env, "SSL_CERT_FILE="+caFile)
	}
	// Seeded last, so that the commands start as the plan does.
	for i := range c.reads {
		if c.command > 0 {
			b.addRunning(i, c.command)
		} else {
			b.addFinished(i, []byte("ok\n"))
		}
	}
	args := []string{"plan", "-input=false", "-no-color"}
	run, out, err := sd.tofu.run(ctx, dir, args, env...)
	var exit *exec.ExitError
	if err != nil && (ctx.Err() != nil || !errors.As(err, &exit)) {
		return rateSample{}, fmt.Errorf("tofu plan in %s: %w", dir, err)
	}
	sample := rateSample{
		wall:        run.wall,
		requests:    b.TotalRequests(),
		throttled:   b.RequestsWithOutcome("Throttling.User"),
		connections: b.Connections(),
		handshakes:  b.TLSHandshakes(),
	}
	sample.failures, sample.firstErr = diagnostics(out)
	if err != nil && sample.failures == 0 {
		sample.failures, sample.firstErr = 1, strings.TrimSpace(string(lastBytes(out, 200)))
	}
	return sample, nil
}

// targeted reports whether the targets apply: 100 reads over
// HTTPS at 150 ms.
func (c httpsCase) targeted() bool {
	return c.command == 0 && c.wire != plainHTTP && c.latency == targetLatency
}

// reportHTTPSCase adds a case's rows and returns its medians: samples
// holds each side's, in the table's column order. Wall times are medians,
// the other figures the worst of the runs. unhurried, if any, are the
// medians of the same plan without latency, which the network's share of
// the wall time is measured from.
func reportHTTPSCase(t *table, c httpsCase, samples [][]rateSample, unhurried []rateSample) []rateSample {
	t.section(c.String())
	medians := make([]rateSample, len(samples))
	for i, ss := range samples {
		medians[i] = summarize(ss)
	}
	runs := len(samples[0])
	if limit := c.limit(); limit > 0 {
		measure := fmt.Sprintf("plan wall time (physical limit %s)", formatDuration(limit))
		if runs > 1 {
			measure = fmt.Sprintf("plan wall time, median of %d (physical limit %s)", runs, formatDuration(limit))
		}
		ratio := func(m rateSample) string {
			return fmt.Sprintf("%s (%.2fx)", formatDuration(m.wall), float64(m.wall)/float64(limit))
		}
		if c.targeted() {
			t.add(sideRow(measure, medians, ratio, fmt.Sprintf("≤ %gx limit, no failure", maxWallOverLimit),
				func(m rateSample) bool { return m.failures == 0 && float64(m.wall) <= maxWallOverLimit*float64(limit) }))
		} else {
			t.add(sideRow(measure, medians, ratio, "", nil))
		}
		if unhurried != nil && c.command == 0 {
			shares := make([]rateSample, len(medians))
			for i, m := range medians {
				shares[i] = rateSample{wall: m.wall - unhurried[i].wall}
			}
			t.add(sideRow("the same, less the plan without latency", shares, ratio, "", nil))
		}
	}
	switch {
	case c.wire == plainHTTP:
		t.add(unlimitedWallRow("plan", medians, runs))
	case c.latency == 0:
		t.add(sideRow(fmt.Sprintf("plan wall time, median of %d", runs), medians,
			func(m rateSample) string { return formatDuration(m.wall) }, "", nil))
	}
	count := func(f func(rateSample) int) func(rateSample) string {
		return func(m rateSample) string { return fmt.Sprint(f(m)) }
	}
	t.add(sideRow("requests sent", medians, count(func(m rateSample) int { return m.requests }), "", nil))
	connections := count(func(m rateSample) int { return m.connections })
	if c.targeted() {
		t.add(sideRow("connections opened", medians, connections, fmt.Sprintf("≤ %d", maxConnectionsPerPlan),
			func(m rateSample) bool { return m.connections <= maxConnectionsPerPlan }))
	} else {
		t.add(sideRow("connections opened", medians, connections, "", nil))
	}
	if c.wire != plainHTTP {
		t.add(sideRow("TLS handshakes", medians, count(func(m rateSample) int { return m.handshakes }), "", nil))
	}
	t.add(sideRow("failures", medians, count(func(m rateSample) int { return m.failures }), "0",
		func(m rateSample) bool { return m.failures == 0 }))
	return medians
}
