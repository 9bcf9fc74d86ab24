package swasclient

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestVerdictsSayTheShares: a verdict on a cut gives the shares of
// requests throttled before and after it, as TF_LOG=debug shows them.
func TestVerdictsSayTheShares(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after tally
		want          string
	}{
		{"the rate is the cause", tally{answers: 10, throttled: 6}, tally{answers: 10, throttled: 1},
			"lowered the share of requests throttled from 60% to 10%: the throttles follow our rate"},
		{"the rate is not the cause", tally{answers: 10, throttled: 4}, tally{answers: 10, throttled: 5},
			"cutting the rate left 50% of requests throttled (40% before): the throttles do not follow our rate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &lane{rate: 5, changed: make(chan struct{}), judging: true, undo: pace{rate: 10}, prev: tc.before, cur: tc.after}
			if got := l.judge(); !strings.Contains(got, tc.want) {
				t.Errorf("verdict %q, want it to say %q", got, tc.want)
			}
		})
	}
}

// TestBackgroundFallsOnlyBelowHalf: the share of requests the backend
// throttles whatever the rate is lowered once far fewer are throttled:
// below half of it, not at half.
func TestBackgroundFallsOnlyBelowHalf(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		throttled float64
		want      float64
	}{
		{throttled: 8, want: 0.4}, // 20% of 40, half the background: kept
		{throttled: 4, want: 0.1}, // 10%: far fewer, lowered to it
	} {
		l := &lane{rate: 5, changed: make(chan struct{}), background: 0.4,
			cur: tally{answers: pacerShareAnswers - 1, throttled: tc.throttled}}
		l.accept(now, turn{at: now, epoch: l.epoch})
		if l.background != tc.want {
			t.Errorf("with %v of %d requests throttled, the background is %v, want %v",
				tc.throttled, pacerShareAnswers, l.background, tc.want)
		}
	}
}

// TestAcceptedRateFromOneSecondPaced: a lane paced for a second has a
// measured accepted rate; before that it has none.
func TestAcceptedRateFromOneSecondPaced(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := &lane{pacedSince: now.Add(-time.Second), accepted: []time.Time{now.Add(-time.Second / 2)}}
	if got := l.acceptedRate(now); got != 1 {
		t.Errorf("paced a second, one answer accepted: %v requests a second, want 1", got)
	}
	if got := l.acceptedRate(now.Add(-time.Second / 4)); got != 0 {
		t.Errorf("paced under a second: %v requests a second, want 0", got)
	}
}

// TestSleepUnlessZeroReturnsAtOnce: a wait of zero does not wait for a
// change or the context.
func TestSleepUnlessZeroReturnsAtOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := sleepUnless(ctx, 0, make(chan struct{})); err != nil || time.Since(start) > time.Second {
		t.Errorf("sleepUnless(0) returned %v after %s, want nil at once", err, time.Since(start))
	}
}

// TestLeavingKeepsTheOthers: a wait that leaves its group takes only
// itself out, and the group goes once its last wait has left.
func TestLeavingKeepsTheOthers(t *testing.T) {
	s := newPollScheduler()
	key := pollKey{identity: "LTAI5tRunCommandTest", region: runRegion, kind: "invocations", id: runInstance}
	first, second := s.join(key, "t-1", PollSchedule{}), s.join(key, "t-2", PollSchedule{})
	first.leave()
	if g := s.groups[key]; g == nil || len(g.members) != 1 || g.members[0] != second {
		t.Fatalf("after one of two left, the group is %+v, want the other alone", g)
	}
	second.leave()
	if _, ok := s.groups[key]; ok {
		t.Error("the group stayed after its last wait left")
	}
}

// TestPollKeysKeepEndpointsApart: waits of clients that send to different
// endpoints never share a poll, whatever else they have in common.
func TestPollKeysKeepEndpointsApart(t *testing.T) {
	one, other := newTestClient(t, "http://127.0.0.1:1"), newTestClient(t, "http://127.0.0.1:2")
	a, errA := one.pollKey(describeInvocations, runRegion, "invocations", runInstance)
	b, errB := other.pollKey(describeInvocations, runRegion, "invocations", runInstance)
	if errA != nil || errB != nil || a == b {
		t.Errorf("poll keys %+v and %+v (%v, %v), want two apart", a, b, errA, errB)
	}
}
