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
}

// Run measures everything cfg asks for and writes the machine and the table
// to out.
func Run(ctx context.Context, cfg Config, out io.Writer) error {
	switch {
	case len(cfg.Counts) < 2:
		return fmt.Errorf("need at least two data source counts for a marginal cost")
	case cfg.Runs < 1, cfg.StartupRuns < 1, len(cfg.Waits) > 0 && cfg.WaitRuns < 1:
		return fmt.Errorf("every measurement needs at least one run")
	}
	work, err := os.MkdirTemp("", "swas-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	s := &session{cfg: cfg, work: work}
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

	var t table
	steps := []func(context.Context, *table) error{s.measurePlans, s.measureMemory, s.measureStartup}
	if len(cfg.Waits) > 0 {
		steps = append(steps, s.measureWaiting)
	}
	if cfg.GoBenchCount > 0 {
		steps = append(steps, s.measureGo)
	}
	for _, step := range steps {
		if err := step(ctx, &t); err != nil {
			return err
		}
	}

	fmt.Fprintln(out)
	m.write(out)
	fmt.Fprintln(out)
	t.write(out)
	return nil
}

func (s *session) progress(format string, args ...any) {
	if s.cfg.Progress != nil {
		fmt.Fprintf(s.cfg.Progress, "swas-bench: "+format+"\n", args...)
	}
}
