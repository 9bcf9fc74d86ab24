package bench

import (
	"slices"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

func TestReadsFloor(t *testing.T) {
	for _, c := range []struct {
		c    rateCase
		want time.Duration
	}{
		{rateCases[0], 19 * time.Second},
		{rateCases[1], 14 * time.Second},
		{rateCases[2], 9 * time.Second},
		{rateCases[4], 0},
	} {
		if got := c.c.floor(); got != c.want {
			t.Errorf("%s: physical limit %s, want %s", c.c, got, c.want)
		}
	}
}

func TestCommandsFloor(t *testing.T) {
	oneASecond := emulator.RateLimit{Rate: 1, Burst: 1}
	for _, c := range []struct {
		n, parallelism int
		limit          emulator.RateLimit
		want           time.Duration
	}{
		// Two waves of ten: starts 0..9 s, reads 30..39 s; then starts
		// 30..39 s, reads 60..69 s.
		{20, 10, oneASecond, 69 * time.Second},
		// One wave, paced by RunCommand's bucket: the last starts at 19 s.
		{20, 20, oneASecond, 49 * time.Second},
		// A burst of 10 starts a whole wave at once and reads it at once,
		// the buckets full again each time: 30 s per wave.
		{20, 10, emulator.RateLimit{Rate: 1, Burst: 10}, 60 * time.Second},
		// One command: its run time.
		{1, 10, oneASecond, 30 * time.Second},
	} {
		if got := commandsFloor(c.n, c.parallelism, c.limit, 30*time.Second); got != c.want {
			t.Errorf("%d commands, parallelism %d, %+v: %s, want %s", c.n, c.parallelism, c.limit, got, c.want)
		}
	}
	if got := rateCases[3].floor(); got != 69*time.Second {
		t.Errorf("the run_command case: %s", got)
	}
}

func TestSimBucket(t *testing.T) {
	b := newSimBucket(emulator.RateLimit{Rate: 2, Burst: 2})
	var got []float64
	for _, at := range []float64{0, 0, 0, 0, 10, 10, 10} {
		got = append(got, b.take(at))
	}
	if want := []float64{0, 0, 0.5, 1, 10, 10, 10.5}; !slices.Equal(got, want) {
		t.Errorf("tokens at %v, want %v", got, want)
	}
}

func TestDiagnostics(t *testing.T) {
	out := `data.swas_invocation_result.server[3]: Reading...
╷
│ Error: SWAS API rate limit exceeded
│ 
│   with data.swas_invocation_result.server[3],
╵
Error: Another failure

Errors are counted only at the start of a line: Error: no
`
	n, first := diagnostics([]byte(out))
	if n != 2 || first != "SWAS API rate limit exceeded" {
		t.Errorf("%d errors, first %q", n, first)
	}
	if n, first := diagnostics([]byte("No changes.\n")); n != 0 || first != "" {
		t.Errorf("a clean plan: %d errors, %q", n, first)
	}
}

func TestReportRateCase(t *testing.T) {
	var tb table
	reportRateCase(&tb, rateCases[0], [][]rateSample{
		{{wall: 31 * time.Second, requests: 266, throttled: 166, failures: 4}},
		{{wall: 20 * time.Second, requests: 105, throttled: 5}},
	}, nil)
	wantRows(t, tb, []row{
		{measure: "**100 reads in one plan, 5 requests/s per action, burst 5, 50 ms latency**"},
		{"plan wall time (physical limit 19.00 s)", "31.00 s (1.63x)", "20.00 s (1.05x)", "≤ 1.2x limit, no failure", "**no** / yes"},
		{"requests sent (per read)", "266 (2.66)", "105 (1.05)", "≤ 1.1", "**no** / yes"},
		{"requests throttled", "166 (62%)", "5 (5%)", "", ""},
		{"failures", "4", "0", "0", "**no** / yes"},
	})

	// Without a baseline, this build's figures; wall times are medians,
	// the other figures the worst.
	tb = table{}
	reportRateCase(&tb, rateCases[4], [][]rateSample{{
		{wall: 3 * time.Second, requests: 500}, {wall: 4 * time.Second, requests: 502, failures: 1}, {wall: 5 * time.Second, requests: 500},
	}}, nil)
	wantRows(t, tb, []row{
		{measure: "**500 reads in one plan, no limit, 50 ms latency**"},
		{measure: "plan wall time (median of 3)", swas: "4.00 s"},
		{"requests sent (per read)", "", "502 (1.00)", "≤ 1.1", "yes"},
		{"requests throttled", "", "0 (0%)", "", ""},
		{"failures", "", "1", "0", "**no**"},
	})

	tb = table{}
	reportRateCase(&tb, rateCases[4], [][]rateSample{{{wall: 4 * time.Second, requests: 500}}, {{wall: 4100 * time.Millisecond, requests: 500}}}, nil)
	if got, want := tb.rows[1], (row{"plan wall time (median of 1)", "4.00 s", "4.10 s (1.02x baseline)", "≤ 1.05x baseline", "– / yes"}); got != want {
		t.Errorf("without a limit, against a baseline: %v, want %v", got, want)
	}
	// A run that failed fast is not within the physical limit.
	tb = table{}
	reportRateCase(&tb, rateCases[3], [][]rateSample{{{wall: 55 * time.Second, requests: 520, failures: 16}}}, nil)
	wantRows(t, tb, []row{
		{measure: "**20 swas_run_command of 30 s in one apply, 1 request/s per action, burst 1, 50 ms latency**"},
		{measure: "apply wall time (physical limit 69.00 s)", swas: "55.00 s (0.80x)", target: "≤ 1.2x limit, no failure", met: "**no**"},
		{measure: "requests sent (per command)", swas: "520 (26.00)"},
		{"requests throttled", "", "0 (0%)", "", ""},
		{"failures", "", "16", "0", "**no**"},
	})
}

func wantRows(t *testing.T, tb table, want []row) {
	t.Helper()
	if !slices.Equal(tb.rows, want) {
		t.Errorf("rows:\n%v\nwant\n%v", tb.rows, want)
	}
}

func TestRateHeader(t *testing.T) {
	if got := rateHeader([]side{{label: "baseline 38ce37b"}, {label: "this build"}}); got.floor != "baseline 38ce37b" || got.met != "met (baseline / this build)" {
		t.Errorf("with a baseline: %v", got)
	}
	if got := rateHeader([]side{{label: "this build"}}); got.floor != "baseline (none)" || got.swas != "this build" {
		t.Errorf("without: %v", got)
	}
}

func TestSteps(t *testing.T) {
	cfg := Config{Counts: []int{1, 10}, Runs: 1, StartupRuns: 1}
	names := func(cfg Config) []string {
		t.Helper()
		s := &session{cfg: cfg}
		steps, err := s.steps(&table{}, &table{}, &table{}, &table{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, st := range steps {
			out = append(out, st.name)
		}
		return out
	}
	if got := names(cfg); !slices.Equal(got, []string{"plans", "memory", "startup", "fleet", "ratelimit", "throttles", "https"}) {
		t.Errorf("without waits and Go benchmarks: %v", got)
	}
	cfg.Waits, cfg.WaitRuns, cfg.GoBenchCount = []time.Duration{5 * time.Second}, 1, 1
	if got := names(cfg); !slices.Equal(got, Sections) {
		t.Errorf("everything: %v, want %v", got, Sections)
	}
	cfg.Only = []string{"ratelimit"}
	cfg.Counts = nil
	if got := names(cfg); !slices.Equal(got, []string{"ratelimit"}) {
		t.Errorf("only ratelimit: %v", got)
	}
	for _, only := range [][]string{{"nothing"}, {"plans"}} {
		cfg.Only = only
		if _, err := (&session{cfg: cfg}).steps(&table{}, &table{}, &table{}, &table{}); err == nil {
			t.Errorf("-only %v with no counts: no error", only)
		}
	}
}

func TestThrottleCases(t *testing.T) {
	for i, want := range []struct {
		name  string
		floor time.Duration
	}{
		{"40 reads in one plan, no limit, 40% of requests throttled at random, 50 ms latency", 0},
		// 125 requests for 100 reads, 5 of them in the burst.
		{"100 reads in one plan, 5 requests/s per action, burst 5, 20% of requests throttled at random, 50 ms latency", 24 * time.Second},
		// 90 reads past the burst at the 5 a second left.
		{"100 reads in one plan, 10 requests/s per action, burst 10, 50% of it spent by another client, 50 ms latency", 18 * time.Second},
		// Starts at 0, 5, 10 and 15 s, reads as each ends.
		{"4 swas_run_command of 20 s in one apply, on one server, 0.2 requests/s per action, burst 1, 50 ms latency", 35 * time.Second},
		{"10 swas_run_command of 30 s in one apply, 1 request/s per action, burst 1, 50 ms latency", 39 * time.Second},
	} {
		c := throttleCases[i]
		if got := c.String(); got != want.name {
			t.Errorf("case %d: %q, want %q", i, got, want.name)
		}
		if got := c.floor(); got != want.floor {
			t.Errorf("%s: physical limit %s, want %s", c, got, want.floor)
		}
	}
	if got := (rateCase{commands: 4, servers: 2, command: 20 * time.Second, latency: time.Millisecond}).String(); got != "4 swas_run_command of 20 s in one apply, on 2 servers, no limit, 1.00 ms latency" {
		t.Errorf("commands on two servers: %q", got)
	}
}

func TestReportThrottleCases(t *testing.T) {
	var tb table
	reportRateCase(&tb, throttleCases[0], [][]rateSample{
		{{wall: 4 * time.Minute, requests: 30, throttled: 20, failures: 23, stopped: true}},
		{{wall: 6 * time.Second, requests: 70, throttled: 30}, {wall: 8 * time.Second, requests: 72, throttled: 32}},
	}, []rateSample{{wall: 4 * time.Second, requests: 66}, {wall: 5 * time.Second, requests: 64, failures: 1}})
	wantRows(t, tb, []row{
		{measure: "**40 reads in one plan, no limit, 40% of requests throttled at random, 50 ms latency**"},
		{"plan wall time (median of 2)", "> 240.00 s, stopped (53.33x plain)", "7.00 s (1.56x plain)", "≤ 2x plain and < 20.00 s, no failure", "**no** / yes"},
		{measure: "plan wall time of a plain retry-with-backoff client, max_retries 10 (median of 2)", swas: "4.50 s, failures 1"},
		{"requests sent (per read)", "30 (0.75)", "72 (1.80)", "", ""},
		{"requests throttled", "20 (67%)", "32 (44%)", "", ""},
		{"failures", "23", "0", "0", "**no** / yes"},
	})

	tb = table{}
	reportRateCase(&tb, throttleCases[3], [][]rateSample{
		{{wall: 61 * time.Second, requests: 34, throttled: 17}},
		{{wall: 40 * time.Second, requests: 24, throttled: 5}},
	}, nil)
	wantRows(t, tb, []row{
		{measure: "**4 swas_run_command of 20 s in one apply, on one server, 0.2 requests/s per action, burst 1, 50 ms latency**"},
		{"apply wall time (physical limit 35.00 s)", "61.00 s (1.74x)", "40.00 s (1.14x)", "≤ 1.3x limit, no failure", "**no** / yes"},
		{"requests sent (per command)", "34 (8.50)", "24 (6.00)", "", ""},
		{"requests throttled", "17 (50%)", "5 (21%)", "≤ 25% of requests", "**no** / yes"},
		{"failures", "0", "0", "0", "yes / yes"},
	})
}
