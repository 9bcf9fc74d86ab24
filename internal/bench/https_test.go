package bench

import (
	"testing"
	"time"
)

func TestHTTPSLimit(t *testing.T) {
	for _, c := range []struct {
		c    httpsCase
		want time.Duration
	}{
		// Ten rounds of 150 ms, and a TCP and a TLS handshake.
		{httpsCase{reads: 100, latency: 150 * time.Millisecond, wire: httpsH2}, 1800 * time.Millisecond},
		{httpsCase{reads: 100, latency: 50 * time.Millisecond, wire: httpsH1}, 600 * time.Millisecond},
		// A TCP handshake only.
		{httpsCase{reads: 100, latency: 50 * time.Millisecond, wire: plainHTTP}, 550 * time.Millisecond},
		// Eleven rounds: the last holds one read.
		{httpsCase{reads: 101, latency: 100 * time.Millisecond, wire: plainHTTP}, 1200 * time.Millisecond},
		{httpsCase{reads: 500, wire: plainHTTP}, 0},
		{httpsCase{reads: 10, command: 10 * time.Second, latency: 150 * time.Millisecond, wire: httpsH2}, 10 * time.Second},
	} {
		if got := c.c.limit(); got != c.want {
			t.Errorf("%s: physical limit %s, want %s", c.c, got, c.want)
		}
	}
}

func TestHTTPSTargets(t *testing.T) {
	c := httpsCase{reads: 100, latency: 150 * time.Millisecond, wire: httpsH1}
	var tb table
	reportHTTPSCase(&tb, c, [][]rateSample{
		{{wall: 2600 * time.Millisecond, requests: 100, connections: 30, handshakes: 30}},
		{{wall: 2000 * time.Millisecond, requests: 100, connections: 10, handshakes: 10}},
	}, []rateSample{{wall: 500 * time.Millisecond}, {wall: 400 * time.Millisecond}})
	wantRows(t, tb, []row{
		{measure: "**100 reads in one plan, HTTPS with HTTP/1.1 only, 150 ms latency**"},
		{measure: "plan wall time (physical limit 1.80 s)", floor: "2.60 s (1.44x)", swas: "2.00 s (1.11x)", target: "≤ 1.3x limit, no failure", met: "**no** / yes"},
		{measure: "the same, less the plan without latency", floor: "2.10 s (1.17x)", swas: "1.60 s (0.89x)"},
		{measure: "requests sent", floor: "100", swas: "100"},
		{measure: "connections opened", floor: "30", swas: "10", target: "≤ 12", met: "**no** / yes"},
		{measure: "TLS handshakes", floor: "30", swas: "10"},
		{measure: "failures", floor: "0", swas: "0", target: "0", met: "yes / yes"},
	})
}
