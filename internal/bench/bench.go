// Package bench measures what the swas provider costs its users (issue #7):
// `tofu plan` time and the provider's CPU time for many data sources beside
// OpenTofu's own floor, API calls per plan, how soon waiting notices a
// finished command, start-up, binary size, peak memory with large outputs,
// and the Go benchmarks of the hot paths. Command swas-bench runs it and
// prints one table; BENCHMARKS.md records a run and explains the method.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// Config says what to measure and how often.
type Config struct {
	// Root is the module's directory: the provider is built from it and the
	// Go benchmarks run in it.
	Root string
	// Tofu is the OpenTofu binary.
	Tofu string
	// Counts are the numbers of data sources per plan; the smallest and the
	// largest give the marginal cost.
	Counts []int
	// Runs is how often each plan and the memory case are repeated.
	Runs int
	// Waits are the run times of the commands waited for; empty skips them.
	Waits []time.Duration
	// WaitRuns is how often each waiting case is repeated (concurrently).
	WaitRuns int
	// StartupRuns is how often the provider is started for its schema.
	StartupRuns int
	// GoBenchCount is go test's -count for the Go benchmarks; 0 skips them.
	GoBenchCount int
	// Baseline is a git revision of Root whose provider the rate-limit,
	// throttle and HTTPS cases also run against, side by side; "" runs
	// only the working tree.
	Baseline string
	// Plain is a git revision of Root whose provider retries throttles
	// with backoff and has no pacer: the reference of the case with
	// throttles at random and no limit; "" leaves it out.
	Plain string
	// Only names the sections to run (Sections); empty runs them all.
	Only []string
	// Progress receives a line per measurement.
	Progress io.Writer
}

// session is one run of the benchmark: its scratch directory, the provider
// built for it and the OpenTofu it drives.
type session struct {
	cfg      Config
	work     string
	provider string
	tofu     *tofu
	baseline *side // built from cfg.Baseline, once
	plain    *side // built from cfg.Plain, once
}

// Sections are the parts of the benchmark, in the order they run, by the
// names Config.Only takes.
var Sections = []string{"plans", "memory", "startup", "waiting", "fleet", "go", "ratelimit", "throttles", "https"}

// step is one section: what it measures and the table it writes into.
type step struct {
	name    string
	measure func(context.Context, *table) error
	into    *table
}

// Run measures everything cfg asks for and writes the machine and the
// tables to out.
func Run(ctx context.Context, cfg Config, out io.Writer) error {
	work, err := os.MkdirTemp("", "swas-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	s := &session{cfg: cfg, work: work}
	var main, rates, throttles, https table
	steps, err := s.steps(&main, &rates, &throttles, &https)
	if err != nil {
		return err
	}
	s.progress("building the provider as a release build does")
	if s.provider, err = buildProvider(ctx, cfg.Root, work); err != nil {
		return err
	}
	if s.tofu, err = newTofu(cfg.Tofu, work, s.provider); err != nil {
		return err
	}
	m, err := describeMachine(ctx, cfg.Tofu)
	if err != nil {
		return err
	}
	for _, st := range steps {
		if err := st.measure(ctx, st.into); err != nil {
			return err
		}
	}

	fmt.Fprintln(out)
	m.write(out)
	for _, t := range []*table{&main, &rates, &throttles, &https} {
		if len(t.rows) > 0 {
			fmt.Fprintln(out)
			t.write(out)
		}
	}
	return nil
}

// steps are the sections cfg asks for, after checking that each has what
// it needs.
func (s *session) steps(main, rates, throttles, https *table) ([]step, error) {
	cfg := s.cfg
	all := []step{
		{"plans", s.measurePlans, main}, {"memory", s.measureMemory, main}, {"startup", s.measureStartup, main},
		{"waiting", s.measureWaiting, main}, {"fleet", s.measureFleet, main}, {"go", s.measureGo, main},
		{"ratelimit", s.measureRateLimits, rates},
		{"throttles", s.measureThrottles, throttles},
		{"https", s.measureHTTPS, https},
	}
	wanted := map[string]bool{}
	for _, name := range cfg.Only {
		if !slices.Contains(Sections, name) {
			return nil, fmt.Errorf("no section %q; the sections are %s", name, strings.Join(Sections, ", "))
		}
		wanted[name] = true
	}
	var steps []step
	for _, st := range all {
		switch {
		case len(wanted) > 0 && !wanted[st.name]:
			continue
		case len(wanted) == 0 && (st.name == "waiting" && len(cfg.Waits) == 0 || st.name == "go" && cfg.GoBenchCount == 0):
			continue // switched off by its settings
		}
		if err := cfg.check(st.name); err != nil {
			return nil, err
		}
		steps = append(steps, st)
	}
	return steps, nil
}

// check says why the settings cannot run section name, if they cannot.
func (cfg Config) check(name string) error {
	switch {
	case cfg.Runs < 1:
		return fmt.Errorf("every measurement needs at least one run")
	case name == "plans" && len(cfg.Counts) < 2:
		return fmt.Errorf("need at least two data source counts for a marginal cost")
	case name == "startup" && cfg.StartupRuns < 1:
		return fmt.Errorf("start-up needs at least one run")
	case name == "waiting" && (len(cfg.Waits) == 0 || cfg.WaitRuns < 1):
		return fmt.Errorf("waiting needs command run times and at least one run")
	case name == "go" && cfg.GoBenchCount < 1:
		return fmt.Errorf("the Go benchmarks need a count of at least one")
	}
	return nil
}

func (s *session) progress(format string, args ...any) {
	if s.cfg.Progress != nil {
		fmt.Fprintf(s.cfg.Progress, "swas-bench: "+format+"\n", args...)
	}
}
