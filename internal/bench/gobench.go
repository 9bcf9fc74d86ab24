package bench

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// goBenchPackages hold the testing.B benchmarks of the hot paths.
var goBenchPackages = []string{"./internal/swasclient", "./internal/provider/framework"}

// measureGo runs the Go benchmarks and puts the median of each in the table.
func (s *session) measureGo(ctx context.Context, t *table) error {
	s.progress("running the Go benchmarks of %v, -count=%d", goBenchPackages, s.cfg.GoBenchCount)
	args := append([]string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-count", strconv.Itoa(s.cfg.GoBenchCount)}, goBenchPackages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = s.cfg.Root
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go test -bench: %w\n%s", err, out)
	}
	results := parseGoBench(string(out))
	if len(results) == 0 {
		return fmt.Errorf("go test -bench printed no results:\n%s", out)
	}
	t.section(fmt.Sprintf("Go benchmarks (median of %d; per operation)", s.cfg.GoBenchCount))
	for _, r := range results {
		t.add(row{
			measure: r.name,
			swas: fmt.Sprintf("%s, %s, %.0f allocs", formatDuration(time.Duration(median(r.nsPerOp))),
				formatBytes(int64(median(r.bytesPerOp))), median(r.allocsPerOp)),
		})
	}
	return nil
}

// goBench is one benchmark's results over -count runs.
type goBench struct {
	name                             string
	nsPerOp, bytesPerOp, allocsPerOp []float64
}

// gomaxprocsSuffix is what go test appends to benchmark names.
var gomaxprocsSuffix = regexp.MustCompile(`-\d+$`)

// parseGoBench reads go test -bench -benchmem output, keeping the order in
// which benchmarks first appear; names get their package's, e.g.
// "provider.DecodeOutput/output=1KiB".
func parseGoBench(out string) []*goBench {
	var results []*goBench
	byName := map[string]*goBench{}
	pkg := ""
	for line := range strings.Lines(out) {
		if path, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = filepath.Base(strings.TrimSpace(path)) + "."
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := pkg + gomaxprocsSuffix.ReplaceAllString(strings.TrimPrefix(fields[0], "Benchmark"), "")
		r, ok := byName[name]
		if !ok {
			r = &goBench{name: name}
			byName[name] = r
			results = append(results, r)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			switch fields[i+1] {
			case "ns/op":
				r.nsPerOp = append(r.nsPerOp, v)
			case "B/op":
				r.bytesPerOp = append(r.bytesPerOp, v)
			case "allocs/op":
				r.allocsPerOp = append(r.allocsPerOp, v)
			}
		}
	}
	return results
}
