package bench

import (
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

func TestParseGoBench(t *testing.T) {
	out := `goos: linux
pkg: github.com/openswas/terraform-provider-swas/internal/provider
BenchmarkDecodeOutput/output=1KiB-2         	  111290	      2456 ns/op	 416.94 MB/s	    2176 B/op	       2 allocs/op
BenchmarkDecodeOutput/output=1024KiB-2      	     148	   1663809 ns/op	 630.23 MB/s	 2105344 B/op	       2 allocs/op
BenchmarkDecodeOutput/output=1KiB-2         	  100000	      2600 ns/op	 400.00 MB/s	    2176 B/op	       2 allocs/op
PASS
ok  	github.com/openswas/terraform-provider-swas/internal/provider	0.544s
`
	got := parseGoBench(out)
	want := []*goBench{
		{name: "provider.DecodeOutput/output=1KiB", nsPerOp: []float64{2456, 2600}, bytesPerOp: []float64{2176, 2176}, allocsPerOp: []float64{2, 2}},
		{name: "provider.DecodeOutput/output=1024KiB", nsPerOp: []float64{1663809}, bytesPerOp: []float64{2105344}, allocsPerOp: []float64{2}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseGoBench = %+v, want %+v", got, want)
	}
}

func TestMedian(t *testing.T) {
	if got := median([]time.Duration{3, 1, 2}); got != 2 {
		t.Errorf("median of 3 = %v", got)
	}
	if got := median([]int{4, 1, 3, 2}); got != 2 {
		t.Errorf("median of 4 ints = %v, want the mean of 2 and 3 rounded down", got)
	}
	if got := median([]float64{}); got != 0 {
		t.Errorf("median of none = %v", got)
	}
}

func TestTextOutputIsTextOfTheSize(t *testing.T) {
	for _, size := range []int{3, 1 << 20} {
		out := textOutput(size)
		if len(out) != size || !utf8.Valid(out) {
			t.Errorf("textOutput(%d) has %d bytes, UTF-8 %v", size, len(out), utf8.Valid(out))
		}
	}
}

func TestFormat(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2600 * time.Nanosecond:  "2.6 µs",
		420 * time.Microsecond:  "420 µs",
		2345 * time.Microsecond: "2.35 ms",
		182 * time.Millisecond:  "182 ms",
		1260 * time.Millisecond: "1.26 s",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
	for n, want := range map[int64]string{3: "3 B", 17510: "17.1 KiB", 1 << 20: "1.0 MiB"} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestPollRounds counts the reads of a wait as the schedule spaces them,
// the final one included.
func TestPollRounds(t *testing.T) {
	every := swasclient.PollSchedule{Min: time.Second, Max: time.Second}
	if got := pollRounds(every, 3*time.Second); got != 4 {
		t.Errorf("a read a second for 3 s: %d reads, want 4 (at 0, 1, 2 and 3 s)", got)
	}
	// A second apart for 10 s, then a tenth of the time waited.
	if got := pollRounds(swasclient.DefaultPollSchedule, 30*time.Second); got < 20 || got > 26 {
		t.Errorf("the default schedule for 30 s: %d reads, want 20 to 26", got)
	}
}
