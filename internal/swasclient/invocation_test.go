package swasclient

import (
	"testing"
	"time"
)

func TestStatusClassification(t *testing.T) {
	for _, s := range []string{"Pending", "Running", "Stopping"} {
		if !InProgress(s) || !KnownStatus(s) {
			t.Errorf("%s should be in progress and known", s)
		}
	}
	for _, s := range []string{"Success", "Failed", "Error", "Timeout", "Cancelled", "Terminated", "Invalid", "Aborted"} {
		if InProgress(s) || !KnownStatus(s) {
			t.Errorf("%s should be final and known", s)
		}
	}
	for _, s := range []string{"", "Succeeded", "success", "Exploded"} {
		if InProgress(s) || KnownStatus(s) {
			t.Errorf("%q should be unknown, and final so that waiting stops on it", s)
		}
	}
}

func TestPollScheduleBounds(t *testing.T) {
	p := PollSchedule{Min: time.Second, Max: 15 * time.Second}
	for _, tc := range []struct{ waited, lo, hi time.Duration }{
		{0, 800 * time.Millisecond, time.Second},
		{5 * time.Second, 800 * time.Millisecond, time.Second},
		{60 * time.Second, 4800 * time.Millisecond, 6 * time.Second},
		{time.Hour, 12 * time.Second, 15 * time.Second},
	} {
		seen := map[time.Duration]bool{}
		for range 50 {
			got := p.next(tc.waited)
			if got < tc.lo || got > tc.hi {
				t.Fatalf("next(%s) = %s, want within [%s, %s]", tc.waited, got, tc.lo, tc.hi)
			}
			seen[got] = true
		}
		// Jitter keeps many waiters from polling in lockstep.
		if len(seen) < 2 {
			t.Errorf("next(%s) has no jitter", tc.waited)
		}
	}
}

func TestRetryBackoffGrowsWithJitterAndCap(t *testing.T) {
	b := Backoff{Initial: 100 * time.Millisecond, Max: time.Second}
	for _, tc := range []struct {
		retry  int
		lo, hi time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 200 * time.Millisecond, 400 * time.Millisecond},
		{10, 500 * time.Millisecond, time.Second},
	} {
		seen := map[time.Duration]bool{}
		for range 50 {
			got := b.delay(tc.retry)
			if got < tc.lo || got > tc.hi {
				t.Fatalf("delay(%d) = %s, want within [%s, %s]", tc.retry, got, tc.lo, tc.hi)
			}
			seen[got] = true
		}
		if len(seen) < 2 {
			t.Errorf("delay(%d) has no jitter", tc.retry)
		}
	}
}

// TestRetryBackoffSpansTheUpperHalf: equal jitter draws from half the
// ceiling up to the ceiling itself.
func TestRetryBackoffSpansTheUpperHalf(t *testing.T) {
	b := Backoff{Initial: 4, Max: 4}
	seen := map[time.Duration]bool{}
	for range 300 {
		seen[b.delay(1)] = true
	}
	if len(seen) != 3 || !seen[2] || !seen[4] {
		t.Errorf("delays %v, want 2ns to 4ns, both ends included", seen)
	}
}

// TestUnblamedThrottleBackoffIsCapped: a throttle our rate does not cause
// waits at most maxUnblamedThrottleBackoff however many came before it,
// and never longer than the configured backoff would.
func TestUnblamedThrottleBackoffIsCapped(t *testing.T) {
	for range 100 {
		if got := DefaultRetryBackoff.forUnblamedThrottles().delay(12); got > maxUnblamedThrottleBackoff || got < maxUnblamedThrottleBackoff/2 {
			t.Fatalf("the 12th retry of an unblamed throttle waits %s, want within [%s, %s]", got, maxUnblamedThrottleBackoff/2, maxUnblamedThrottleBackoff)
		}
	}
	short := Backoff{Initial: time.Millisecond, Max: 10 * time.Millisecond}
	if got := short.forUnblamedThrottles(); got != short {
		t.Errorf("a backoff already below the cap became %+v", got)
	}
}
