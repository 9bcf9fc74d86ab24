package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// throttleCases are issue #25's: throttles the rate does not cause, a
// quota another client spends half of, and waits that share their polls.
var throttleCases = []rateCase{
	{reads: 40, throttled: 0.4, latency: 50 * time.Millisecond, plain: true},
	{reads: 100, limit: emulator.RateLimit{Rate: 5, Burst: 5}, throttled: 0.2, latency: 50 * time.Millisecond, maxOverFloor: 1.3},
	{reads: 100, limit: emulator.RateLimit{Rate: 10, Burst: 10, Shared: 0.5}, latency: 50 * time.Millisecond, maxOverFloor: 1.3},
	{commands: 4, servers: 1, command: 20 * time.Second, limit: emulator.RateLimit{Rate: 0.2, Burst: 1},
		latency: 50 * time.Millisecond, maxOverFloor: 1.3, maxThrottled: 0.25},
	{commands: 10, command: 30 * time.Second, limit: emulator.RateLimit{Rate: 1, Burst: 1}, latency: 50 * time.Millisecond, maxOverFloor: 1.15},
}

// measureThrottles runs every throttle case against the baseline build,
// if any, and this one, side by side; the case beside a plain client runs
// cfg.Runs times, with the baseline once (before issue #25 it could take
// hours), the others once per build.
func (s *session) measureThrottles(ctx context.Context, t *table) error {
	sides, err := s.rateSides(ctx)
	if err != nil {
		return err
	}
	t.header = rateHeader(sides)
	for i, c := range throttleCases {
		var plain *side
		runs := 1
		if c.plain && s.cfg.Plain != "" {
			if plain, err = s.plainSide(ctx); err != nil {
				return err
			}
			runs = s.cfg.Runs
		}
		samples := make([][]rateSample, len(sides))
		var plainSamples []rateSample
		measure := func(sd side, name string) (rateSample, error) {
			sample, err := s.rateOnce(ctx, c, sd, name)
			if err == nil {
				s.progress("%s, %s: %s, %d requests, %d throttled, %d failures %s",
					c, sd.label, wallOf(sample), sample.requests, sample.throttled, sample.failures, sample.firstErr)
			}
			return sample, err
		}
		for run := range runs {
			if plain != nil {
				sample, err := measure(*plain, fmt.Sprintf("throttles-%d-plain-%d", i, run))
				if err != nil {
					return err
				}
				plainSamples = append(plainSamples, sample)
			}
			for k := range sides {
				j := (k + run) % len(sides)
				if run > 0 && j == 0 && len(sides) > 1 {
					continue
				}
				sample, err := measure(sides[j], fmt.Sprintf("throttles-%d-%d-%d", i, j, run))
				if err != nil {
					return err
				}
				samples[j] = append(samples[j], sample)
			}
		}
		reportRateCase(t, c, samples, plainSamples)
	}
	return nil
}

// plainSide is the provider built from cfg.Plain, a revision that retries
// throttles with backoff and no pacer; it is built once per run.
func (s *session) plainSide(ctx context.Context) (*side, error) {
	if s.plain != nil {
		return s.plain, nil
	}
	s.progress("building the provider at %s, a plain retry-with-backoff client", s.cfg.Plain)
	plain, err := buildBaseline(ctx, s.cfg.Tofu, s.cfg.Root, s.cfg.Plain, filepath.Join(s.work, "plain"))
	if err != nil {
		return nil, err
	}
	plain.label = "plain " + plain.label[len("baseline "):]
	s.plain = &plain
	return s.plain, nil
}
