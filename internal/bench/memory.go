package bench

import (
	"context"
	"fmt"
)

// measureMemory compares the reattached provider's peak memory (max RSS)
// in a plan of 10 data sources with tiny outputs and with 1 MiB each.
func (s *session) measureMemory(ctx context.Context, t *table) error {
	const n = 10
	t.section(fmt.Sprintf("Peak memory, %d data sources (median of %d)", n, s.cfg.Runs))
	for _, size := range []int{3, 1 << 20} {
		b := newBackend(nil)
		output := textOutput(size)
		for i := range n {
			b.addFinished(i, output)
		}
		dir, err := writeWorkspace(s.work, fmt.Sprintf("memory-%d", size), swasConfig(b, n, ""))
		if err != nil {
			b.close()
			return err
		}
		var rss []int64
		for run := 1; run <= s.cfg.Runs; run++ {
			_, u, calls, err := s.reattachedPlan(ctx, b, dir)
			if err == nil && calls != n {
				err = fmt.Errorf("a plan of %d data sources made %d API calls", n, calls)
			}
			if err != nil {
				b.close()
				return err
			}
			s.progress("memory, %d x %s output, run %d/%d: provider max RSS %s", n, formatBytes(int64(size)), run, s.cfg.Runs, formatBytes(u.maxRSS))
			rss = append(rss, u.maxRSS)
		}
		b.close()
		t.add(row{measure: fmt.Sprintf("provider max RSS, %d x %s output", n, formatBytes(int64(size))), swas: formatBytes(median(rss))})
	}
	return nil
}
