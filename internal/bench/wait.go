package bench

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// waitSample is one plan that waited for a command.
type waitSample struct {
	late  time.Duration // from the command's end to the answer that showed it
	calls int
}

// measureWaiting plans one data source with wait_for_completion = true and
// the provider's default wait options, for commands of each length in
// cfg.Waits, on the emulator's real-time clock. The command starts when
// the first read arrives, so the time waited is the time it ran. Every case
// and repetition runs at once: they mostly sleep.
func (s *session) measureWaiting(ctx context.Context, t *table) error {
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		samples  = map[time.Duration][]waitSample{}
	)
	for _, d := range s.cfg.Waits {
		for run := 1; run <= s.cfg.WaitRuns; run++ {
			wg.Go(func() {
				sample, err := s.waitOnce(ctx, d, run)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					return
				}
				s.progress("waiting for a %s command, run %d/%d: read returned %s after it finished, %d API calls",
					formatSeconds(d), run, s.cfg.WaitRuns, formatDuration(sample.late), sample.calls)
				samples[d] = append(samples[d], sample)
			})
		}
	}
	s.progress("waiting for commands of %d lengths, %d runs each, all at once", len(s.cfg.Waits), s.cfg.WaitRuns)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}

	t.section(fmt.Sprintf("Waiting (wait_for_completion = true, default schedule; median and worst of %d)", s.cfg.WaitRuns))
	for _, d := range s.cfg.Waits {
		var late []time.Duration
		var calls []int
		for _, sample := range samples[d] {
			late = append(late, sample.late)
			calls = append(calls, sample.calls)
		}
		budget := max(time.Second, d/10)
		t.add(row{
			measure: fmt.Sprintf("command of %s: read returned after it finished", formatSeconds(d)),
			swas:    fmt.Sprintf("%s (worst %s)", formatDuration(median(late)), formatDuration(slices.Max(late))),
			target:  "≤ " + formatDuration(budget), met: verdict(slices.Max(late) <= budget),
		})
		r := row{
			measure: fmt.Sprintf("command of %s: API calls", formatSeconds(d)),
			swas:    fmt.Sprintf("%d (worst %d)", median(calls), slices.Max(calls)),
		}
		if d >= 2*time.Minute {
			r.target, r.met = "≤ 25", verdict(slices.Max(calls) <= 25)
		}
		t.add(r)
	}
	return nil
}

func (s *session) waitOnce(ctx context.Context, d time.Duration, run int) (waitSample, error) {
	var h *startOnFirstRead
	b := newBackend(func(srv *emulator.Server) http.Handler {
		h = &startOnFirstRead{next: srv, start: func(now time.Time) time.Time {
			srv.AddInvocation(emulator.Invocation{
				InvokeID:   invokeID(0),
				InstanceID: instanceID(0),
				CreatedAt:  now,
				PendingFor: time.Second,
				RunningFor: d - time.Second,
				Output:     []byte("done\n"),
			})
			return now.Add(d)
		}}
		return h
	})
	defer b.close()
	b.addServer(0)
	dir, err := writeWorkspace(s.work, fmt.Sprintf("wait-%.0fs-%d", d.Seconds(), run), swasConfig(b, 1, "  wait_for_completion = true\n"))
	if err != nil {
		return waitSample{}, err
	}
	if _, err := s.tofu.plan(ctx, dir); err != nil {
		return waitSample{}, err
	}
	// The provider stops reading once it sees a final status, so the last
	// answer is the one that showed the command finished.
	ends, last := h.times()
	late := last.Sub(ends)
	if ends.IsZero() || late < 0 {
		return waitSample{}, fmt.Errorf("the plan waiting for a %s command ended %s before the command did", formatSeconds(d), -late)
	}
	return waitSample{late: late, calls: b.Requests("DescribeInvocationResult")}, nil
}

// startOnFirstRead starts the command when the first request arrives and
// remembers when the last answer went out.
type startOnFirstRead struct {
	next  http.Handler
	start func(now time.Time) (ends time.Time)
	once  sync.Once

	mu         sync.Mutex
	ends, last time.Time
}

func (h *startOnFirstRead) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(func() {
		ends := h.start(time.Now())
		h.mu.Lock()
		h.ends = ends
		h.mu.Unlock()
	})
	h.next.ServeHTTP(w, r)
	h.mu.Lock()
	h.last = time.Now()
	h.mu.Unlock()
}

// times returns when the command ends and when the last answer went out.
func (h *startOnFirstRead) times() (ends, last time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ends, h.last
}
