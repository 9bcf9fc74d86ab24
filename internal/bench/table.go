package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// row is one line of the table. floor is OpenTofu's own cost where there
// is one to compare with, or in the rate-limit table the code built from
// the baseline revision.
type row struct {
	measure, floor, swas, target, met string
}

// table is one of the benchmark's tables, in Markdown so that
// BENCHMARKS.md can hold it as printed.
type table struct {
	header row // empty: the main table's
	rows   []row
}

func (t *table) add(r row) { t.rows = append(t.rows, r) }

func (t *table) section(title string) { t.add(row{measure: "**" + title + "**"}) }

func (t *table) write(w io.Writer) {
	header := t.header
	if header == (row{}) {
		header = row{"measure", "OpenTofu floor", "swas provider", "target", "met"}
	}
	all := append([]row{header}, t.rows...)
	var width [5]int
	for _, r := range all {
		for i, cell := range r.cells() {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	line := func(cells [5]string) {
		for i, cell := range cells {
			fmt.Fprintf(w, "| %s%s ", cell, strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell)))
		}
		fmt.Fprintln(w, "|")
	}
	line(all[0].cells())
	var rule [5]string
	for i := range rule {
		rule[i] = strings.Repeat("-", width[i])
	}
	line(rule)
	for _, r := range all[1:] {
		line(r.cells())
	}
}

func (r row) cells() [5]string { return [5]string{r.measure, r.floor, r.swas, r.target, r.met} }

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

type number interface {
	~int | ~int64 | ~float64
}

// median is the middle value, or the mean of the two middle ones.
func median[T number](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

func formatDuration(d time.Duration) string {
	switch {
	case d < 10*time.Microsecond:
		return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
	case d < time.Millisecond:
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}

// formatSeconds names a command's run time, e.g. "120 s".
func formatSeconds(d time.Duration) string {
	return fmt.Sprintf("%g s", d.Seconds())
}

func formatBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
}
