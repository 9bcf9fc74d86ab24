package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// tofuParallelism is OpenTofu's default -parallelism: how many resources
// an apply creates at once.
const tofuParallelism = 10

// rateCase is one case of the section "under a rate limit": one plan of
// reads, or one apply of commands, against an emulator that limits every
// action to limit for our access key and answers after latency.
type rateCase struct {
	reads    int           // swas_invocation_result data sources in one plan
	commands int           // or swas_run_command resources in one apply
	command  time.Duration // how long each command runs
	limit    emulator.RateLimit
	latency  time.Duration
	// throttled is the share of requests of every action throttled at
	// random, after the limit (Fault.ThrottleShare).
	throttled float64
	// servers is how many servers the commands run on, round robin; 0 is
	// one each.
	servers int
	// maxOverFloor is the target on the wall time against the physical
	// limit; 0 is maxWallOverFloor.
	maxOverFloor float64
	// maxThrottled is the target on the share of requests throttled; 0
	// is none.
	maxThrottled float64
	// plain runs the case with a plain retry-with-backoff client too
	// (Config.Plain), whose wall time is the target's measure.
	plain bool
}

// rateCases are issue #12's; each bucket holds one second's worth.
var rateCases = []rateCase{
	{reads: 100, limit: emulator.RateLimit{Rate: 5, Burst: 5}, latency: 50 * time.Millisecond},
	{reads: 300, limit: emulator.RateLimit{Rate: 20, Burst: 20}, latency: 100 * time.Millisecond},
	{reads: 500, limit: emulator.RateLimit{Rate: 50, Burst: 50}, latency: 50 * time.Millisecond},
	{commands: 20, command: 30 * time.Second, limit: emulator.RateLimit{Rate: 1, Burst: 1}, latency: 50 * time.Millisecond},
	{reads: 500, latency: 50 * time.Millisecond},
}

func (c rateCase) n() int { return c.reads + c.commands }

func (c rateCase) String() string {
	what := fmt.Sprintf("%d reads in one plan", c.reads)
	if c.commands > 0 {
		what = fmt.Sprintf("%d swas_run_command of %s in one apply", c.commands, formatSeconds(c.command))
		if c.servers == 1 {
			what += ", on one server"
		} else if c.servers > 1 {
			what += fmt.Sprintf(", on %d servers", c.servers)
		}
	}
	limit := "no limit"
	if c.limit.Rate > 0 {
		limit = fmt.Sprintf("%g requests/s per action, burst %d", c.limit.Rate, c.limit.Burst)
		if c.limit.Rate == 1 {
			limit = fmt.Sprintf("1 request/s per action, burst %d", c.limit.Burst)
		}
	}
	if c.limit.Shared > 0 {
		limit += fmt.Sprintf(", %g%% of it spent by another client", 100*c.limit.Shared)
	}
	if c.throttled > 0 {
		limit += fmt.Sprintf(", %g%% of requests throttled at random", 100*c.throttled)
	}
	return fmt.Sprintf("%s, %s, %s latency", what, limit, formatDuration(c.latency))
}

// maxOver is the target on the wall time against the physical limit.
func (c rateCase) maxOver() float64 {
	if c.maxOverFloor > 0 {
		return c.maxOverFloor
	}
	return maxWallOverFloor
}

// floor is the physical limit: the least wall time the API's limit allows,
// latency aside; 0 without a limit. For reads it is (N − burst) / rate:
// N / (1 − share) requests when a share is throttled at random, each
// having spent its token, and the rate what another client leaves. For
// commands see commandsFloor.
func (c rateCase) floor() time.Duration {
	switch {
	case c.limit.Rate == 0:
		return 0
	case c.reads > 0:
		requests := float64(c.reads) / (1 - c.throttled)
		return seconds((requests - float64(c.limit.Burst)) / (c.limit.Rate * (1 - c.limit.Shared)))
	}
	return commandsFloor(c.commands, tofuParallelism, c.limit, c.command)
}

// commandsFloor is when the last of n commands that run d each can at the
// earliest be seen finished: OpenTofu creates at most parallelism resources
// at once; each RunCommand takes a token of its action's bucket; each
// command then needs at least one read after it ends, which takes a token
// of DescribeInvocationResult's bucket, and frees its slot.
func commandsFloor(n, parallelism int, limit emulator.RateLimit, d time.Duration) time.Duration {
	run, read := newSimBucket(limit), newSimBucket(limit)
	free := make([]float64, parallelism) // when each slot is free, in seconds
	var last float64
	for range n {
		slot := slices.Index(free, slices.Min(free))
		start := run.take(free[slot])
		free[slot] = read.take(start + d.Seconds())
		last = max(last, free[slot])
	}
	return seconds(last)
}

// simBucket is a token bucket on a clock of seconds from zero, taken from
// in time order.
type simBucket struct{ rate, size, tokens, at float64 }

func newSimBucket(limit emulator.RateLimit) *simBucket {
	size := float64(max(1, limit.Burst))
	return &simBucket{rate: limit.Rate, size: size, tokens: size}
}

// take returns the earliest time from t at which a token is there, and
// spends it.
func (b *simBucket) take(t float64) float64 {
	t = max(t, b.at)
	b.tokens = min(b.size, b.tokens+(t-b.at)*b.rate)
	b.at = t
	if b.tokens < 1 {
		b.at += (1 - b.tokens) / b.rate
		b.tokens = 1
	}
	b.tokens--
	return b.at
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// rateSample is one plan or apply of a case against one build.
type rateSample struct {
	wall      time.Duration
	requests  int // every request the emulator got
	throttled int // answered Throttling.User
	// connections and handshakes the client opened, where the emulator
	// serves on a Listener (the section over HTTPS)
	connections, handshakes int
	failures                int    // error diagnostics; a run that failed without one counts one
	firstErr                string // the first diagnostic's summary
	// stopped is set when the run was stopped at rateRunLimit; failures
	// then counts the reads not done.
	stopped bool
}

// rateRunLimit stops a run that takes longer: a pacer stuck at one request
// a minute would take hours.
const rateRunLimit = 4 * time.Minute

// measureRateLimits runs every case against the baseline build, if any,
// and this one, side by side. The case without a limit runs cfg.Runs
// times, the others once (each takes from seconds to a minute or more).
func (s *session) measureRateLimits(ctx context.Context, t *table) error {
	sides, err := s.rateSides(ctx)
	if err != nil {
		return err
	}
	t.header = rateHeader(sides)
	for i, c := range rateCases {
		runs := 1
		if c.limit.Rate == 0 {
			runs = s.cfg.Runs
		}
		samples := make([][]rateSample, len(sides))
		for run := range runs {
			// Alternate, so that a burst of load hits both builds alike.
			for k := range sides {
				j := (k + run) % len(sides)
				sample, err := s.rateOnce(ctx, c, sides[j], fmt.Sprintf("rate-%d-%d-%d", i, j, run))
				if err != nil {
					return err
				}
				s.progress("%s, %s, run %d/%d: %s, %d requests, %d throttled, %d failures %s",
					c, sides[j].label, run+1, runs, formatDuration(sample.wall), sample.requests, sample.throttled, sample.failures, sample.firstErr)
				samples[j] = append(samples[j], sample)
			}
		}
		reportRateCase(t, c, samples, nil)
	}
	return nil
}

// rateSides are the baseline build, if cfg.Baseline names one, and this;
// the baseline is built once per run.
func (s *session) rateSides(ctx context.Context) ([]side, error) {
	this := side{label: "this build", tofu: s.tofu}
	switch {
	case s.cfg.Baseline == "":
		return []side{this}, nil
	case s.baseline != nil:
		return []side{*s.baseline, this}, nil
	}
	s.progress("building the provider at %s as a release build does", s.cfg.Baseline)
	baseline, err := buildBaseline(ctx, s.cfg.Tofu, s.cfg.Root, s.cfg.Baseline, filepath.Join(s.work, "baseline"))
	if err != nil {
		return nil, err
	}
	s.baseline = &baseline
	return []side{baseline, this}, nil
}

func rateHeader(sides []side) row {
	if len(sides) == 1 {
		return row{"measure", "baseline (none)", sides[0].label, "target", "met"}
	}
	return row{"measure", sides[0].label, sides[1].label, "target", "met (baseline / this build)"}
}

// rateOnce plans or applies case c once with side's build, against an
// emulator of its own: buckets full, no command run yet.
func (s *session) rateOnce(ctx context.Context, c rateCase, sd side, name string) (rateSample, error) {
	opts := emulator.Options{RateLimit: c.limit, Latency: c.latency}
	if c.commands > 0 {
		opts.RunCommand = func(inv *emulator.Invocation) {
			inv.PendingFor, inv.RunningFor = time.Second, c.command-time.Second
		}
	}
	b := newBackendWith(opts, nil)
	defer b.close()
	if c.throttled > 0 {
		b.SetFault("", emulator.Fault{ThrottleShare: c.throttled})
	}
	config, args := c.configure(b)
	dir, err := writeWorkspace(s.work, name, config)
	if err != nil {
		return rateSample{}, err
	}
	runCtx, cancel := context.WithTimeout(ctx, rateRunLimit)
	defer cancel()
	run, out, err := sd.tofu.run(runCtx, dir, args)
	sample := rateSample{
		wall:      run.wall,
		requests:  b.TotalRequests(),
		throttled: b.RequestsWithOutcome("Throttling.User"),
	}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return rateSample{}, ctx.Err()
	case runCtx.Err() != nil:
		sample.stopped, sample.wall = true, rateRunLimit
		sample.failures = max(c.reads-b.ActionRequestsWithOutcome("DescribeInvocationResult", emulator.OutcomeOK), 0)
		sample.firstErr = fmt.Sprintf("stopped after %s", rateRunLimit)
		return sample, nil
	case err != nil && !errors.As(err, &exit):
		return rateSample{}, fmt.Errorf("tofu %s in %s: %w", args[0], dir, err)
	}
	sample.failures, sample.firstErr = diagnostics(out)
	if err != nil && sample.failures == 0 {
		sample.failures, sample.firstErr = 1, strings.TrimSpace(string(lastBytes(out, 200)))
	}
	return sample, nil
}

// configure fills b with what case c reads or runs on, and returns the
// configuration and the tofu command that plans or applies it.
func (c rateCase) configure(b *backend) (config string, args []string) {
	extra := ""
	if c.plain {
		// A plain client retries throttles at most max_retries times.
		extra = "  max_retries = 10\n"
	}
	config, args = withProviderSettings(swasConfig(b, c.reads, ""), extra), []string{"plan", "-input=false", "-no-color"}
	for i := range c.reads {
		b.addFinished(i, []byte("ok\n"))
	}
	if c.commands > 0 {
		servers := c.servers
		if servers == 0 {
			servers = c.commands
		}
		config, args = runCommandConfig(b, c.commands, servers), []string{"apply", "-auto-approve", "-input=false", "-no-color"}
		for i := range servers {
			b.addServer(i)
		}
	}
	return config, args
}

// withProviderSettings adds settings to the provider block of config.
func withProviderSettings(config, settings string) string {
	return strings.Replace(config, "provider \"swas\" {\n", "provider \"swas\" {\n"+settings, 1)
}

// runCommandConfig runs n commands on the servers, in turn.
func runCommandConfig(b *backend, n, servers int) string {
	return providerConfig(b) + fmt.Sprintf(`
resource "swas_run_command" "server" {
  count           = %d
  instance_id     = format(%q, count.index %% %d)
  command_content = "/srv/app/deploy.sh ${count.index}"
}
`, n, instanceFormat, servers)
}

// diagnostics counts the errors OpenTofu printed, with or without their
// box, and returns the first one's summary.
func diagnostics(out []byte) (int, string) {
	var n int
	var first string
	for _, line := range bytes.Split(out, []byte("\n")) {
		summary, ok := strings.CutPrefix(strings.TrimLeft(string(line), "│ "), "Error: ")
		if !ok {
			continue
		}
		if n == 0 {
			first = summary
		}
		n++
	}
	return n, first
}
