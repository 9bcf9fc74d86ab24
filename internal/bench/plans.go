package bench

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// planSample is one repetition of the plans for one count.
type planSample struct {
	floor    planRun       // N terraform_data resources, no provider
	swas     planRun       // N data sources, OpenTofu starting the provider
	attached planRun       // the same, with the provider reattached
	provider usage         // the reattached provider, from start to stop
	emulator time.Duration // this process's CPU during the swas plan: the emulator's
	calls    []int         // API requests of the two swas plans
}

// planWorkspaces are the two configurations planned for one count.
type planWorkspaces struct{ floor, swas string }

// measurePlans runs, for every count N, the floor plan, the swas plan as
// users run it (OpenTofu starts the provider, three times per plan) for the
// wall time, and the swas plan with the provider reattached for its CPU
// time. Repetitions go round all counts so that a burst of load on the
// machine hits every count alike.
func (s *session) measurePlans(ctx context.Context, t *table) error {
	counts := slices.Sorted(slices.Values(s.cfg.Counts))
	b := newBackend(nil)
	defer b.close()
	for i := range counts[len(counts)-1] {
		b.addFinished(i, []byte("ok\n"))
	}
	workspaces, err := s.writePlanWorkspaces(b, counts)
	if err != nil {
		return err
	}
	samples := map[int][]planSample{}
	for run := 1; run <= s.cfg.Runs; run++ {
		for _, n := range counts {
			p, err := s.samplePlans(ctx, b, workspaces[n])
			if err != nil {
				return err
			}
			s.progress("plan N=%d, run %d/%d: floor %s, swas %s, provider CPU %s, API calls %v",
				n, run, s.cfg.Runs, formatDuration(p.floor.wall), formatDuration(p.swas.wall), formatDuration(p.provider.cpu), p.calls)
			samples[n] = append(samples[n], p)
		}
	}
	s.reportPlanTimes(t, counts, samples)
	reportPlanCalls(t, counts, samples)
	return nil
}

func (s *session) writePlanWorkspaces(b *backend, counts []int) (map[int]planWorkspaces, error) {
	workspaces := map[int]planWorkspaces{}
	for _, n := range counts {
		floor, err := writeWorkspace(s.work, fmt.Sprintf("floor-%d", n), floorConfig(n))
		if err != nil {
			return nil, err
		}
		swas, err := writeWorkspace(s.work, fmt.Sprintf("swas-%d", n), swasConfig(b, n, ""))
		if err != nil {
			return nil, err
		}
		workspaces[n] = planWorkspaces{floor, swas}
	}
	return workspaces, nil
}

// samplePlans runs the three plans of one count once.
func (s *session) samplePlans(ctx context.Context, b *backend, w planWorkspaces) (planSample, error) {
	var p planSample
	var err error
	if p.floor, err = s.tofu.plan(ctx, w.floor); err != nil {
		return p, err
	}
	b.ResetCounters()
	before := ownCPU()
	if p.swas, err = s.tofu.plan(ctx, w.swas); err != nil {
		return p, err
	}
	p.emulator = ownCPU() - before
	p.calls = append(p.calls, b.TotalRequests())
	var calls int
	if p.attached, p.provider, calls, err = s.reattachedPlan(ctx, b, w.swas); err != nil {
		return p, err
	}
	p.calls = append(p.calls, calls)
	return p, nil
}

// reportPlanTimes adds the medians of the wall and CPU times, per count and
// per extra data source.
func (s *session) reportPlanTimes(t *table, counts []int, samples map[int][]planSample) {
	at := func(n int, f func(planSample) time.Duration) time.Duration {
		var ds []time.Duration
		for _, p := range samples[n] {
			ds = append(ds, f(p))
		}
		return median(ds)
	}
	lo, hi := counts[0], counts[len(counts)-1]
	slope := func(f func(planSample) time.Duration) time.Duration {
		return (at(hi, f) - at(lo, f)) / time.Duration(hi-lo)
	}
	perItem := func(f func(planSample) time.Duration) string { return formatDuration(slope(f)) }
	floorWall := func(p planSample) time.Duration { return p.floor.wall }
	swasWall := func(p planSample) time.Duration { return p.swas.wall }
	providerCPU := func(p planSample) time.Duration { return p.provider.cpu }

	t.section(fmt.Sprintf("tofu plan, N data sources beside N terraform_data resources (median of %d)", s.cfg.Runs))
	for _, n := range counts {
		t.add(row{measure: fmt.Sprintf("plan wall time, N=%d", n), floor: formatDuration(at(n, floorWall)), swas: formatDuration(at(n, swasWall))})
	}
	floorSlope, swasSlope := slope(floorWall), slope(swasWall)
	ratio := float64(swasSlope) / float64(floorSlope)
	t.add(row{
		measure: fmt.Sprintf("plan wall time per extra resource or data source (N=%d to %d)", lo, hi),
		floor:   formatDuration(floorSlope),
		swas:    fmt.Sprintf("%s (%.2fx floor)", formatDuration(swasSlope), ratio),
		target:  "≤ 1.5x floor", met: verdict(ratio <= 1.5),
	})
	floorCPU := perItem(func(p planSample) time.Duration { return p.floor.cpu })
	t.add(row{
		measure: "CPU time per extra resource or data source (OpenTofu and the providers it starts)",
		floor:   floorCPU,
		swas:    perItem(func(p planSample) time.Duration { return p.swas.cpu }),
	})
	t.add(row{
		measure: "OpenTofu's own CPU per extra resource or data source (provider reattached)",
		floor:   floorCPU,
		swas:    perItem(func(p planSample) time.Duration { return p.attached.cpu }),
	})
	for _, n := range counts {
		t.add(row{measure: fmt.Sprintf("provider CPU time, N=%d", n), swas: formatDuration(at(n, providerCPU))})
	}
	t.add(row{measure: "provider CPU time per extra data source", swas: perItem(providerCPU)})
	t.add(row{
		measure: "emulator CPU per extra data source (this process, on the same cores)",
		swas:    perItem(func(p planSample) time.Duration { return p.emulator }),
	})
}

// reportPlanCalls checks that every plan made exactly N calls: one read per
// data source and none when the provider is configured.
func reportPlanCalls(t *table, counts []int, samples map[int][]planSample) {
	exact := true
	var seen []string
	for _, n := range counts {
		var all []int
		for _, p := range samples[n] {
			all = append(all, p.calls...)
		}
		least, most := slices.Min(all), slices.Max(all)
		exact = exact && least == n && most == n
		if least == most {
			seen = append(seen, strconv.Itoa(least))
		} else {
			seen = append(seen, fmt.Sprintf("%d–%d", least, most))
		}
	}
	t.add(row{
		measure: fmt.Sprintf("API calls per plan, N=%s", joinInts(counts, "/")),
		swas:    strings.Join(seen, " / "), target: "= N", met: verdict(exact),
	})
}

// reattachedPlan runs a plan against a provider started for it alone, and
// returns the plan, what the provider used and the API calls made.
func (s *session) reattachedPlan(ctx context.Context, b *backend, dir string) (planRun, usage, int, error) {
	p, err := startReattached(ctx, s.provider)
	if err != nil {
		return planRun{}, usage{}, 0, err
	}
	b.ResetCounters()
	run, planErr := s.tofu.plan(ctx, dir, p.env)
	calls := b.TotalRequests()
	u, stopErr := p.stop()
	if planErr != nil {
		return run, u, calls, planErr
	}
	return run, u, calls, stopErr
}

// ownCPU is this process's CPU time so far: the emulator's, while a plan
// runs, since OpenTofu and the providers are other processes.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func joinInts(xs []int, sep string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, sep)
}
