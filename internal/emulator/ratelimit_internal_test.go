package emulator

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// take asserts one take from b at t0+at.
func take(t *testing.T, b *bucket, at time.Duration, wantOK bool, wantWait time.Duration) {
	t.Helper()
	ok, wait := b.take(t0.Add(at))
	if ok != wantOK || wait != wantWait {
		t.Errorf("at %s: took %t, wait %s; want %t, %s", at, ok, wait, wantOK, wantWait)
	}
}

func TestBucketRateAndBurst(t *testing.T) {
	b := newBucket(2, 3, t0)
	take(t, b, 0, true, 0)
	take(t, b, 0, true, 0)
	take(t, b, 0, true, 0)
	take(t, b, 0, false, 500*time.Millisecond)
	take(t, b, 250*time.Millisecond, false, 250*time.Millisecond)
	take(t, b, 500*time.Millisecond, true, 0)
	take(t, b, 500*time.Millisecond, false, 500*time.Millisecond)
	// A long rest fills the bucket to its size, not beyond.
	take(t, b, time.Hour, true, 0)
	take(t, b, time.Hour, true, 0)
	take(t, b, time.Hour, true, 0)
	take(t, b, time.Hour, false, 500*time.Millisecond)
}

func TestBucketFractionalRate(t *testing.T) {
	b := newBucket(1.0/60, 1, t0)
	take(t, b, 0, true, 0)
	take(t, b, 0, false, time.Minute)
	take(t, b, 20*time.Second+300*time.Millisecond, false, 39*time.Second+700*time.Millisecond)
	take(t, b, 30*time.Second+300*time.Microsecond, false, 30*time.Second) // rounded up to the millisecond
	take(t, b, time.Minute, true, 0)
}

// A clock that steps back (another goroutine's earlier reading) neither
// refills nor drains the bucket.
func TestBucketTimeGoingBack(t *testing.T) {
	b := newBucket(1, 1, t0)
	take(t, b, time.Second, true, 0)
	take(t, b, 0, false, time.Second)
}

// Another client spending half the quota takes a token every 200 ms when
// there is one: the bucket's 10 a second leave 5 to the caller.
func TestBucketSharedWithAnotherClient(t *testing.T) {
	b := newBucket(10, 10, t0)
	b.other, b.otherNext = 5, t0
	for range 9 { // the other client took the first token
		take(t, b, 0, true, 0)
	}
	take(t, b, 0, false, 100*time.Millisecond)
	// At 100 ms a token is back; at 200 ms a second, which the other client
	// takes.
	take(t, b, 100*time.Millisecond, true, 0)
	take(t, b, 200*time.Millisecond, false, 100*time.Millisecond)
	// Asking every 10 ms for ten seconds gets what is left: 5 a second.
	var got int
	for at := 210 * time.Millisecond; at < 10*time.Second+210*time.Millisecond; at += 10 * time.Millisecond {
		if ok, _ := b.take(t0.Add(at)); ok {
			got++
		}
	}
	if got != 50 {
		t.Errorf("%d tokens in ten seconds, want 50", got)
	}
	// After an hour's rest the bucket is full but for the token the other
	// client took at the hour.
	for range 9 {
		take(t, b, time.Hour, true, 0)
	}
	take(t, b, time.Hour, false, 100*time.Millisecond)
}

// The other client is throttled too when the caller leaves no token.
func TestBucketSharedOtherThrottled(t *testing.T) {
	b := newBucket(1, 1, t0)
	b.other, b.otherNext = 0.5, t0.Add(500*time.Millisecond)
	take(t, b, 0, true, 0)
	// At 0.5 s the other client finds half a token and is refused, so the
	// token of 1 s is the caller's.
	take(t, b, time.Second, true, 0)
	// At 2.5 s it takes the token the bucket holds; the next is whole at
	// 3.5 s.
	take(t, b, 3*time.Second, false, 500*time.Millisecond)
	take(t, b, 3500*time.Millisecond, true, 0)
	take(t, b, 3500*time.Millisecond, false, time.Second)
}

func TestBucketHeader(t *testing.T) {
	b := newBucket(0.5, 2, t0)
	b.take(t0)
	b.take(t0)
	ok, wait := b.take(t0.Add(time.Second))
	got := b.header(wait)
	// Half a token is back; the other half comes in a second, the bucket is
	// full three seconds later.
	want := fmt.Sprintf("Limit:0.5,Remain:0,TimeLeft:1000,Reset:%d", t0.Add(4*time.Second).UnixMilli())
	if ok || got != want {
		t.Errorf("took %t, header %q; want %q", ok, got, want)
	}
}

func TestRateLimiterKeys(t *testing.T) {
	var l rateLimiter
	l.set(RateLimit{Rate: 1.0 / 60})
	for _, k := range []rateKey{{"A", "RunCommand"}, {"A", "DescribeInvocations"}, {"B", "RunCommand"}} {
		if ok, _, _ := l.take(k.accessKeyID, k.action); !ok {
			t.Errorf("%v: the first request was refused", k)
		}
	}
	if ok, header, _ := l.take("A", "RunCommand"); ok || header == "" {
		t.Errorf("the second request of A's RunCommand: admitted %t, header %q", ok, header)
	}
	l.set(RateLimit{Rate: 1.0 / 60})
	if ok, _, _ := l.take("A", "RunCommand"); !ok {
		t.Error("set did not refill the buckets")
	}
	l.set(RateLimit{})
	for range 10 {
		if ok, _, _ := l.take("A", "RunCommand"); !ok {
			t.Fatal("no limit refused a request")
		}
	}
}

func TestRateLimitDefaultBurst(t *testing.T) {
	for _, c := range []struct {
		limit RateLimit
		want  float64
	}{
		{RateLimit{Rate: 5}, 5},
		{RateLimit{Rate: 2.5}, 3},
		{RateLimit{Rate: 1.0 / 60}, 1},
		{RateLimit{Rate: 5, Burst: 1}, 1},
	} {
		if got := c.limit.size(); got != c.want {
			t.Errorf("%+v: burst %g, want %g", c.limit, got, c.want)
		}
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{
		"5": 5, "0.5": 0.5, " 2 ": 2, "0": 0, "10/m": 10.0 / 60, "1/90s": 1.0 / 90, "3600/h": 1, "1/s": 1, "1/500ms": 2,
	} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %g, %v; want %g", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "-1", "NaN", "+Inf", "1/", "1/0s", "1/-1s", "1/day", "1/m/s"} {
		if got, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) = %g, want an error", in, got)
		}
	}
}

func TestRateLimitValidate(t *testing.T) {
	for _, r := range []RateLimit{{Rate: -1}, {Rate: 1, Burst: -1}} {
		if r.validate() == nil {
			t.Errorf("%+v is valid", r)
		}
	}
}

func TestLatencyDraw(t *testing.T) {
	l := latency{fixed: 50 * time.Millisecond, jitter: 10 * time.Millisecond}
	seen := map[time.Duration]bool{}
	for range 1000 {
		d := l.draw()
		if d < l.fixed || d > l.fixed+l.jitter {
			t.Fatalf("drew %s, outside [%s, %s]", d, l.fixed, l.fixed+l.jitter)
		}
		seen[d] = true
	}
	if len(seen) < 100 {
		t.Errorf("1000 draws gave %d distinct delays", len(seen))
	}
	// Both ends are drawn: a jitter of 3ns gives each of 0 to 3ns.
	small, seen := latency{fixed: time.Second, jitter: 3}, map[time.Duration]bool{}
	for range 1000 {
		seen[small.draw()] = true
	}
	for d := small.fixed; d <= small.fixed+small.jitter; d++ {
		if !seen[d] {
			t.Errorf("a jitter of 3ns never drew %s in 1000 draws", d)
		}
	}
	if d := (latency{fixed: time.Second}).draw(); d != time.Second {
		t.Errorf("without jitter: %s", d)
	}
	if (latency{fixed: -1}).validate() == nil || (latency{jitter: -1}).validate() == nil {
		t.Error("a negative latency is valid")
	}
}

func TestMaxAdmittedIn(t *testing.T) {
	c := newCounters()
	// Two bursts of three, 1.5 s apart, then one 0.9 s after the second;
	// two arrive out of order.
	for _, ms := range []int{0, 20, 10, 1500, 1520, 1510, 2410} {
		c.admit("A", t0.Add(time.Duration(ms)*time.Millisecond))
	}
	if times := c.admitted["A"]; !slices.IsSortedFunc(times, time.Time.Compare) || len(times) != 7 {
		t.Errorf("admission times %v, want 7 in order", times)
	}
	if got := c.maxIn("A", time.Second); got != 4 {
		t.Errorf("most in a second: %d, want 4", got)
	}
	if got := c.maxIn("A", 10*time.Millisecond); got != 1 {
		t.Errorf("most in 10 ms: %d, want 1 (the window is half-open)", got)
	}
	if got := c.maxIn("B", time.Second); got != 0 {
		t.Errorf("another action: %d", got)
	}
}

// TestAdmissionTimesAreBounded: a long-running emulator keeps at least the
// newest maxAdmitted admission times of an action, and never more than
// twice as many. Internal: from outside this takes 200,000 requests.
func TestAdmissionTimesAreBounded(t *testing.T) {
	c := newCounters()
	const n = 2*maxAdmitted + 1
	for i := range n {
		c.admit("A", t0.Add(time.Duration(i)*time.Millisecond))
		if kept := len(c.admitted["A"]); kept > 2*maxAdmitted {
			t.Fatalf("after %d admissions, %d times kept, want at most %d", i+1, kept, 2*maxAdmitted)
		}
	}
	times := c.admitted["A"]
	if newest := t0.Add((n - 1) * time.Millisecond); len(times) < maxAdmitted || !times[len(times)-1].Equal(newest) {
		t.Errorf("kept %d times up to %s, want at least %d up to %s", len(times), times[len(times)-1], maxAdmitted, newest)
	}
	if got := c.maxIn("A", maxAdmitted*time.Millisecond); got != maxAdmitted {
		t.Errorf("most admissions within %d ms: %d, want %d", maxAdmitted, got, maxAdmitted)
	}
}
