// Command swas-bench measures the swas provider against a SWAS emulator on
// loopback and prints one Markdown table; `make bench` runs it from the
// module's root:
//
//	go run ./cmd/swas-bench -tofu bin/tofu
//
// See BENCHMARKS.md for what it measures and how.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "swas-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("swas-bench", flag.ContinueOnError)
	flags.SetOutput(stderr)
	tofu := flags.String("tofu", "bin/tofu", "OpenTofu `binary` to drive")
	counts := flags.String("n", "1,10,100,500", "comma-separated `counts` of data sources per plan")
	runs := flags.Int("runs", 5, "repetitions of each plan and memory case")
	waits := flags.String("wait", "5s,30s,120s", "comma-separated run `times` of the commands waited for; empty skips waiting")
	waitRuns := flags.Int("wait-runs", 3, "repetitions of each waiting case, run at once")
	startupRuns := flags.Int("startup-runs", 20, "provider starts timed until the schema is served")
	goBench := flags.Int("gobench-count", 5, "go test -count for the Go benchmarks; 0 skips them")
	baseline := flags.String("baseline", "", "git `revision` whose provider the rate-limit, throttle and HTTPS cases also run against, side by side (e.g. the parent of the change measured); empty runs only the working tree")
	plain := flags.String("plain", "", "git `revision` of a provider that retries throttles with backoff and has no pacer (38ce37b), the reference of the case with throttles at random; empty leaves it out")
	only := flags.String("only", "", "comma-separated `sections` to run, of "+strings.Join(bench.Sections, ", ")+"; empty runs them all")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	}

	root, err := os.Getwd()
	if err != nil {
		return err
	}
	cfg := bench.Config{
		Root:         root,
		Tofu:         *tofu,
		Runs:         *runs,
		WaitRuns:     *waitRuns,
		StartupRuns:  *startupRuns,
		GoBenchCount: *goBench,
		Baseline:     *baseline,
		Plain:        *plain,
		Only:         splitList(*only),
		Progress:     stderr,
	}
	for _, s := range splitList(*counts) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("-n: %q is not a positive count", s)
		}
		cfg.Counts = append(cfg.Counts, n)
	}
	for _, s := range splitList(*waits) {
		d, err := time.ParseDuration(s)
		// The command is pending for its first second.
		if err != nil || d <= time.Second {
			return fmt.Errorf("-wait: %q is not a duration over 1s", s)
		}
		cfg.Waits = append(cfg.Waits, d)
	}
	if cfg.Tofu, err = absolute(cfg.Tofu); err != nil {
		return err
	}
	return bench.Run(ctx, cfg, stdout)
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// absolute resolves the OpenTofu binary before plans change directory.
func absolute(path string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("OpenTofu: %w (make tofu builds it)", err)
	}
	return filepath.Abs(path)
}
