package swasclient

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newFakeLane(ceiling float64) (*lane, *fakeClock) {
	clock := &fakeClock{t: time.Now()}
	p := newPacerWithClock(clock.now)
	return p.lane(laneKey{identity: "LTAI5tPacerTest", action: "DescribeInvocationResult"}, ceiling), clock
}

// sendAt lets n requests through at rate r per second, all accepted.
func sendAt(l *lane, clock *fakeClock, n int, r float64) {
	for range n {
		t := l.letThrough(clock.now(), clock.now())
		l.accept(clock.now(), t)
		clock.advance(time.Duration(float64(time.Second) / r))
	}
}

// throttleNow throttles a request sent now, at the lane's rate.
func throttleNow(l *lane, clock *fakeClock, timeLeft time.Duration) throttling {
	return l.throttle(clock.now(), turn{lane: l, at: clock.now(), epoch: l.epoch}, timeLeft)
}

// nearly is near within a hundredth.
func nearly(got, want float64) bool { return math.Abs(got-want) < want/100 }

// answer lets n requests through at rate r; those whose index is in
// throttled are throttled, without TimeLeft. It returns the last verdict.
func answer(l *lane, clock *fakeClock, n int, r float64, throttled ...int) string {
	var verdict string
	for i := range n {
		t := l.letThrough(clock.now(), clock.now())
		v := ""
		if slices.Contains(throttled, i) {
			v = l.throttle(clock.now(), t, 0).verdict
		} else {
			v = l.accept(clock.now(), t)
		}
		if v != "" {
			verdict = v
		}
		clock.advance(time.Duration(float64(time.Second) / r))
	}
	return verdict
}

func near(got, want float64) bool { return math.Abs(got-want) < 1e-6*math.Max(1, want) }

func TestPacerAddsNoDelayUntilThrottled(t *testing.T) {
	l, clock := newFakeLane(0)
	for range 1000 {
		got, err := l.wait(context.Background(), clock.now, place{})
		if err != nil || got.waited != 0 || got.paced {
			t.Fatalf("an unthrottled lane made a request wait %s (%v)", got.waited, err)
		}
		l.accept(clock.now(), got)
	}
	if !math.IsInf(l.rate, 1) {
		t.Errorf("rate = %v, want unlimited", l.rate)
	}
	if got := l.belief(); got != "not throttled" {
		t.Errorf("belief %q", got)
	}
}

// Without a TimeLeft a throttle cuts, once enough answers came at the
// rate, to β of the plateau below the rate sent, measured over the lane's
// life, at least a second and at most pacerWindow, and at least one
// request a second; with nothing to say the rate is the cause, the cut is
// judged.
func TestPacerCutsTheRateSentOnAThrottle(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		rate float64
	}{
		{name: "within a second", n: 10, rate: 10},
		{name: "over two seconds", n: 20, rate: 10},
		{name: "longer than the window", n: 100, rate: 10},
		{name: "slower than one a second", n: 10, rate: 0.5},
	} {
		l, clock := newFakeLane(0)
		sendAt(l, clock, tc.n, tc.rate)
		got := l.throttle(clock.now(), turn{lane: l, at: clock.now()}, 0)
		if want := max(tc.rate*pacerPlateau, 1) * pacerBeta; !got.ours || !near(got.rate, want) {
			t.Errorf("%s: rate after a throttle = %v (ours %t), want %v", tc.name, got.rate, got.ours, want)
		}
		if !l.judging {
			t.Errorf("%s: a cut with no TimeLeft is not judged", tc.name)
		}
	}
}

// The first throttle's TimeLeft, with the time since the API last took a
// request, is the time between its tokens: the lane paces just below it at
// once, and stays there while requests succeed.
func TestPacerTakesTheFirstRateFromTheTimeLeft(t *testing.T) {
	for _, tc := range []struct {
		name     string
		gap      time.Duration // from the last accepted request to the throttled one
		timeLeft time.Duration
		want     float64
	}{
		{name: "right after the bucket ran dry", timeLeft: 200 * time.Millisecond, want: 5 * pacerPlateau},
		{name: "a while after", gap: time.Second, timeLeft: 4 * time.Second, want: 0.2 * pacerPlateau},
		{name: "faster than requests were sent", timeLeft: 10 * time.Millisecond, want: 10 * pacerPlateau},
	} {
		l, clock := newFakeLane(0)
		sendAt(l, clock, 10, 1000)
		clock.advance(tc.gap - time.Millisecond) // sendAt moved on a millisecond after the last
		got := throttleNow(l, clock, tc.timeLeft)
		if !near(got.rate, tc.want) || !near(l.cubicPeak, tc.want) || !got.ours || l.judging {
			t.Errorf("%s: rate %v, peak %v (judging %t), want %v", tc.name, got.rate, l.cubicPeak, l.judging, tc.want)
		}
		sendAt(l, clock, 5, tc.want)
		if !nearly(l.rate, tc.want) {
			t.Errorf("%s: rate %v after answers, want it held at %v", tc.name, l.rate, tc.want)
		}
	}
}

// A throttle without a TimeLeft before enough answers came at the rate is
// blamed on it, but measures nothing yet: no cut.
func TestPacerCutsOnlyOnceTheShareIsMeasured(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, pacerVerdictAnswers-2, 10)
	if got := throttleNow(l, clock, 0); !got.ours || !math.IsInf(got.rate, 1) {
		t.Errorf("throttle after %d answers: ours %t, rate %v", pacerVerdictAnswers-2, got.ours, got.rate)
	}
	if got := throttleNow(l, clock, 0); !got.ours || math.IsInf(got.rate, 1) || !l.judging {
		t.Errorf("throttle after %d answers: ours %t, rate %v, judging %t", pacerVerdictAnswers, got.ours, got.rate, l.judging)
	}
}

// A wave of requests sent together and throttled together cuts once; a
// throttle without a TimeLeft after that cut cuts again, once measured,
// and that cut is judged before any other of its kind; one with a
// TimeLeft cuts at once, ending the judgment.
func TestPacerCutsOncePerWaveOfThrottles(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 10, 10)
	wave := turn{lane: l, at: clock.now(), epoch: l.epoch}
	first := l.throttle(clock.now(), wave, 100*time.Millisecond).rate
	for range 9 {
		if got := l.throttle(clock.now(), wave, 100*time.Millisecond); got.rate != first || !got.ours {
			t.Fatalf("a throttle of a request sent before the cut cut again: %v, then %v", first, got.rate)
		}
	}
	sendAt(l, clock, pacerVerdictAnswers, first)
	second := throttleNow(l, clock, 0)
	if !(second.rate < first) || !l.judging {
		t.Fatalf("a throttle after the cut left the rate at %v (judging %t), want below %v", second.rate, l.judging, first)
	}
	if got := throttleNow(l, clock, 0); got.rate != second.rate || !got.ours {
		t.Errorf("a throttle while the cut is judged cut again: %v, then %v", second.rate, got.rate)
	}
	if got := l.belief(); !strings.Contains(got, "checking whether the last cut") {
		t.Errorf("belief while judging: %q", got)
	}
	epoch := l.epoch
	if got := throttleNow(l, clock, time.Second); got.rate > second.rate || l.judging || l.epoch != epoch+1 {
		t.Errorf("a throttle with a TimeLeft while judging: rate %v from %v, judging %t", got.rate, second.rate, l.judging)
	}
}

func TestPacerWaitsTheTimeLeftTheAPIGave(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 100, 100)
	throttleNow(l, clock, 850*time.Millisecond)
	if d := l.nextTurn(clock.now()).Sub(clock.now()); d < 850*time.Millisecond {
		t.Errorf("the next turn comes after %s, before the API's TimeLeft of 850ms", d)
	}
	clock.advance(time.Second)
	if d := l.nextTurn(clock.now()).Sub(clock.now()); d >= 850*time.Millisecond {
		t.Errorf("the pause outlived the TimeLeft: %s", d)
	}
}

// After a cut the rate is back at the peak once pacerProbeRequests
// requests' worth of time has passed, then probes past it.
func TestPacerGrowsBackAlongACubic(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 20, 20)
	throttleNow(l, clock, 0)
	peak := l.cubicPeak
	if !near(peak, 20*pacerPlateau) {
		t.Fatalf("peak = %v, want just below the 20/s requests were sent at", peak)
	}
	k := pacerProbeRequests / peak // seconds back to the peak
	var previous float64
	for _, after := range []float64{0.1, k / 2, k, k + 1, k + 2} {
		at := clock.t.Add(time.Duration(after * float64(time.Second)))
		var last turn
		for range 30 { // requests keep coming at 30/s
			last = l.letThrough(at, at)
		}
		l.accept(at, last)
		got := l.rate
		if got < previous {
			t.Errorf("the rate fell while requests succeeded: %v after %v", got, previous)
		}
		previous = got
		if after == k && !near(got, peak) {
			t.Errorf("rate %v s after the throttle = %v, want back at the peak %v", after, got, peak)
		}
	}
	if !(previous > peak) {
		t.Errorf("the rate %v never probed past the peak %v", previous, peak)
	}
	// Beyond the peak it grows no faster than twice the rate requests come.
	later := clock.t.Add(time.Hour)
	l.accept(later, turn{lane: l, at: later, epoch: l.epoch})
	if got := l.rate; got != peak {
		t.Errorf("after an hour without requests the rate is %v, want the peak %v", got, peak)
	}
}

// TestPacerCubicRate pins the curve: β of the peak at the throttle, flat at
// the peak after pacerProbeRequests requests' worth of time, and 1 + (1-β)
// times the peak after twice that.
func TestPacerCubicRate(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 20, 20)
	throttleNow(l, clock, 0)
	peak := l.cubicPeak
	k := pacerProbeRequests / peak
	for _, tc := range []struct {
		after float64 // in units of k
		want  float64 // in units of the peak
	}{
		{0, pacerBeta},
		{0.5, 1 - (1-pacerBeta)/8},
		{1, 1},
		{1.5, 1 + (1-pacerBeta)/8},
		{2, 1 + (1 - pacerBeta)},
		{3, 1 + 8*(1-pacerBeta)},
	} {
		at := clock.t.Add(time.Duration(tc.after * k * float64(time.Second)))
		if got := l.cubicRate(at); !near(got, tc.want*peak) {
			t.Errorf("rate %.1f k after the throttle = %v, want %v", tc.after, got, tc.want*peak)
		}
	}
}

// Cut after cut, each judged to be ours, the rate stops at the minimum.
func TestPacerNeverGoesBelowItsMinimum(t *testing.T) {
	l, clock := newFakeLane(0)
	for range 60 {
		throttleNow(l, clock, 0)
		for range pacerVerdictAnswers {
			l.accept(clock.now(), turn{lane: l, at: clock.now(), epoch: l.epoch})
		}
	}
	if got := l.rate; !near(got, pacerMinRate) {
		t.Errorf("rate after 60 cuts = %v, want the minimum %v", got, pacerMinRate)
	}
}

// A cut is judged on the share of requests throttled above the background
// before and after it: below half of what it was, the rate was the cause;
// else, with two throttles at least, it was not, and the lane stops pacing.
func TestPacerJudgesACut(t *testing.T) {
	for _, tc := range []struct {
		name              string
		background        float64
		before, after     tally
		ours              bool
		wantBackground    float64
		wantVerdictInText string
	}{
		{name: "none throttled after", before: tally{20, 10}, after: tally{10, 0}, ours: true},
		{name: "fewer than half", before: tally{20, 10}, after: tally{10, 2}, ours: true},
		{name: "as many", before: tally{10, 4}, after: tally{10, 4}, wantBackground: 0.4},
		{name: "half", before: tally{10, 4}, after: tally{10, 2}, wantBackground: 0.2},
		{name: "more", before: tally{10, 2}, after: tally{10, 5}, wantBackground: 0.5},
		{name: "one throttle may be chance", before: tally{10, 1}, after: tally{10, 1}, ours: true},
		{name: "down to the background", background: 0.2, before: tally{10, 10}, after: tally{10, 2}, ours: true, wantBackground: 0.2},
		{name: "as far above the background", background: 0.2, before: tally{20, 8}, after: tally{10, 4}, wantBackground: 0.4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, clock := newFakeLane(0)
			sendAt(l, clock, 20, 20)
			throttleNow(l, clock, 0)
			l.judging, l.background, l.prev, l.cur = true, tc.background, tc.before, tc.after
			l.undo = pace{rate: 7, cubicPeak: 8}
			rate, epoch := l.rate, l.epoch
			verdict := l.judge()
			if l.judging || l.background != tc.wantBackground {
				t.Errorf("judging %t, background %v after the verdict %q", l.judging, l.background, verdict)
			}
			if tc.ours {
				if !strings.Contains(verdict, "the throttles follow our rate") || l.rate != rate || l.epoch != epoch {
					t.Errorf("verdict %q, rate %v from %v, epoch %d from %d", verdict, l.rate, rate, l.epoch, epoch)
				}
				return
			}
			if !strings.Contains(verdict, "the throttles do not follow our rate") || l.rate != 7 || l.cubicPeak != 8 || l.epoch != epoch+1 ||
				!l.throttledAt.IsZero() || !l.pacedSince.IsZero() || l.accepted != nil {
				t.Errorf("verdict %q, rate %v, epoch %d from %d", verdict, l.rate, l.epoch, epoch)
			}
		})
	}
}

// A verdict waits for enough answers after the cut, and comes once.
func TestPacerJudgesOnceEnoughAnswersCame(t *testing.T) {
	l, _ := newFakeLane(0)
	l.judging, l.prev, l.cur = true, tally{10, 5}, tally{pacerVerdictAnswers - 1, 5}
	if verdict := l.judge(); verdict != "" || !l.judging {
		t.Fatalf("a verdict after %d answers: %q", pacerVerdictAnswers-1, verdict)
	}
	l.cur.add(true)
	if verdict := l.judge(); verdict == "" || l.judging {
		t.Fatal("no verdict with enough answers")
	}
	if verdict := l.judge(); verdict != "" {
		t.Errorf("a second verdict: %q", verdict)
	}
}

// From a cut on, answers count for the rate they were sent at: those sent
// before it in the tally before. Throttles with a TimeLeft count as
// answers, not as throttles of the kind the share is about.
func TestPacerCountsAnswersByTheRateTheyWereSentAt(t *testing.T) {
	l, clock := newFakeLane(0)
	old := turn{lane: l, at: clock.now(), epoch: l.epoch}
	throttleNow(l, clock, time.Second)
	l.accept(clock.now(), old)
	l.throttle(clock.now(), old, 0)
	l.accept(clock.now(), turn{lane: l, at: clock.now(), epoch: l.epoch})
	ancient := turn{lane: l, at: clock.now(), epoch: l.epoch - 2}
	l.accept(clock.now(), ancient)
	if l.prev != (tally{3, 1}) || l.cur != (tally{1, 0}) {
		t.Errorf("tallies before %+v, after %+v", l.prev, l.cur)
	}
}

// A verdict that the rate is not the cause takes the lane back to its pace
// before the cut: unpaced, when it was.
func TestPacerUndoesACutThatDidNotHelp(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, pacerVerdictAnswers, 20)
	answer(l, clock, 1, 20, 0)
	if !l.judging {
		t.Fatal("no cut")
	}
	verdict := answer(l, clock, pacerVerdictAnswers, l.rate, 1, 4, 7)
	if !strings.Contains(verdict, "do not follow our rate") || !math.IsInf(l.rate, 1) || !near(l.background, 0.3) {
		t.Errorf("verdict %q: rate %v, background %v", verdict, l.rate, l.background)
	}
}

// After a verdict that the rate is not the cause, throttles within the
// background are retried with a backoff and change nothing in the lane; a
// share well above it is ours again, and cut for.
func TestPacerLeavesThrottlesWithinTheBackground(t *testing.T) {
	l, clock := newFakeLane(0)
	l.background = 0.4
	for i := range 30 {
		tl := turn{lane: l, at: clock.now(), epoch: l.epoch}
		if i%3 != 0 {
			l.accept(clock.now(), tl)
			continue
		}
		if got := l.throttle(clock.now(), tl, 0); got.ours || !math.IsInf(got.rate, 1) {
			t.Fatalf("throttle %d within the background: ours %t, rate %v", i, got.ours, got.rate)
		}
	}
	if next := l.nextTurn(clock.now()); next.After(clock.now()) {
		t.Errorf("a throttle within the background paused the lane until %s", next.Sub(clock.now()))
	}
	for range 30 {
		throttleNow(l, clock, 0)
	}
	if math.IsInf(l.rate, 1) || !l.judging {
		t.Errorf("thirty throttles in a row left the rate at %v (judging %t)", l.rate, l.judging)
	}
	// Throttles sent before that cut were not ours when they came.
	if got := l.throttle(clock.now(), turn{lane: l, epoch: l.epoch - 1}, 0); !got.ours {
		t.Error("a throttle while the cut is judged was not ours")
	}
}

// The excess over the background must pass chance: three standard
// deviations, and any throttle at all with no background.
func TestPacerExcess(t *testing.T) {
	for _, tc := range []struct {
		background float64
		cur        tally
		want       bool
	}{
		{0, tally{1, 1}, true},
		{0, tally{10, 0}, false},
		{0.4, tally{10, 8}, false}, // 8 - 4 = 4 < 3 × 1.55
		{0.4, tally{10, 9}, true},
		{0.4, tally{40, 25}, false}, // 25 - 16 = 9 < 3 × 3.1
		{0.4, tally{40, 26}, true},
	} {
		l, _ := newFakeLane(0)
		l.background, l.cur = tc.background, tc.cur
		if got := l.excess(); got != tc.want {
			t.Errorf("background %v, %v of %v throttled: excess %t, want %t", tc.background, tc.cur.throttled, tc.cur.answers, got, tc.want)
		}
	}
}

// The background falls when, over enough answers, fewer than half as many
// requests are throttled as it says.
func TestPacerBackgroundFalls(t *testing.T) {
	l, clock := newFakeLane(0)
	l.background = 0.4
	answer(l, clock, pacerShareAnswers-1, 20, 0, 10, 20) // 3 of 39
	if l.background != 0.4 {
		t.Fatalf("background %v before enough answers", l.background)
	}
	answer(l, clock, 1, 20)
	if want := 3.0 / pacerShareAnswers; !near(l.background, want) {
		t.Errorf("background %v, want %v", l.background, want)
	}
	answer(l, clock, pacerShareAnswers, 20, 0, 20)
	if want := 3.0 / pacerShareAnswers; !near(l.background, want) {
		t.Errorf("background %v moved from %v", l.background, want)
	}
}

// The shares are measured over about the last pacerShareAnswers answers.
func TestTallyForgetsOldAnswers(t *testing.T) {
	var got tally
	for range 2 * pacerShareAnswers {
		got.add(true)
	}
	got.add(false)
	if got.answers != pacerShareAnswers+1 || got.throttled != pacerShareAnswers {
		t.Errorf("tally %+v after %d throttles and an answer", got, 2*pacerShareAnswers)
	}
	if (tally{}).share() != 0 {
		t.Error("an empty tally has a share")
	}
}

// No cut goes below β of the rate the API accepted while paced, measured
// once the lane was paced a second.
func TestPacerCutsNoLowerThanTheAPIAccepted(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 10, 10)
	throttleNow(l, clock, 100*time.Millisecond) // paced at 9.5/s
	if got := l.acceptedRate(clock.now()); got != 0 {
		t.Errorf("accepted rate %v before a second paced", got)
	}
	sendAt(l, clock, 40, 8) // 5 s at 8/s
	// Measured over the window, the sent rate 8/s gives a cut to
	// β × 0.95 × 8 = 5.32/s, below β × 8 = 5.6/s.
	got := throttleNow(l, clock, 0)
	if want := pacerBeta * 8; !near(got.rate, want) {
		t.Errorf("rate after a cut %v, want %v (β of the rate accepted)", got.rate, want)
	}
}

func TestPacerKeepsTheCeilingFromTheStart(t *testing.T) {
	l, clock := newFakeLane(4)
	start := clock.now()
	var turns []time.Duration
	for range 5 {
		at := l.nextTurn(clock.now())
		l.letThrough(at, at)
		turns = append(turns, at.Sub(start))
	}
	want := []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond, time.Second}
	if !slices.Equal(turns, want) {
		t.Fatalf("turns at a ceiling of 4/s came after %v, want %v", turns, want)
	}
	throttleNow(l, clock, 0)
	clock.advance(time.Hour)
	sendAt(l, clock, 10, 10)
	if got := l.rate; got != 4 {
		t.Errorf("rate an hour after a throttle = %v, want the ceiling 4", got)
	}
}

func TestPacerLowestCeilingApplies(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	p := newPacerWithClock(clock.now)
	key := laneKey{identity: "LTAI5tPacerTest", action: "RunCommand"}
	p.lane(key, 10)
	if got := p.lane(key, 2).rate; got != 2 {
		t.Errorf("rate = %v, want the lower ceiling 2", got)
	}
	if got := p.lane(key, 5).rate; got != 2 {
		t.Errorf("a higher ceiling raised the rate to %v", got)
	}
	if l := p.lane(key, 0); l.rate != 2 || l.ceiling != 2 {
		t.Errorf("no ceiling lifted the lane's to %v (rate %v)", l.ceiling, l.rate)
	}
	if other := p.lane(laneKey{identity: "LTAI5tOther", action: "RunCommand"}, 0); !math.IsInf(other.rate, 1) {
		t.Error("another access key shares the lane's pacing")
	}
}

// TestPacerKeepsTheOrderWhenUnlimited: a request that comes while others
// wait in line waits behind them, even once the lane is unlimited again.
func TestPacerKeepsTheOrderWhenUnlimited(t *testing.T) {
	l, clock := newFakeLane(0)
	first := &place{since: clock.now()} // in line, not yet let through
	l.queue = append(l.queue, first)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.wait(ctx, clock.now, place{}); err == nil {
		t.Fatal("a request went ahead of one waiting in line")
	}
	if len(l.queue) != 1 || l.queue[0] != first {
		t.Errorf("the request that gave up left the line as %v", l.queue)
	}
}

// Users' requests go first, in the order they came; then poll rounds,
// the one for the longest wait first.
func TestPacerLineOrder(t *testing.T) {
	base := time.Now()
	at := func(s int) time.Time { return base.Add(time.Duration(s) * time.Second) }
	l, _ := newFakeLane(0)
	for _, p := range []place{
		{poll: true, since: at(5)}, {since: at(3)}, {poll: true, since: at(1)}, {since: at(2)}, {since: at(3)}, {poll: true, since: at(1)},
	} {
		l.enqueue(&p)
	}
	var got []string
	for _, p := range l.queue {
		kind := "user"
		if p.poll {
			kind = "poll"
		}
		got = append(got, kind+"@"+p.since.Sub(base).String()+"#"+string(rune('0'+p.seq)))
	}
	want := []string{"user@2s#4", "user@3s#2", "user@3s#5", "poll@1s#3", "poll@1s#6", "poll@5s#1"}
	if !slices.Equal(got, want) {
		t.Errorf("line %v, want %v", got, want)
	}
}

// In a paced lane the requests waiting get their turns in the line's
// order, whenever they came.
func TestPacerLetsThroughInLineOrder(t *testing.T) {
	l, _ := newFakeLane(20) // a turn every 50 ms
	ctx := t.Context()
	if _, err := l.wait(ctx, time.Now, place{}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	start := time.Now()
	for _, tc := range []struct {
		name string
		p    place
	}{
		{"poll for a young wait", place{poll: true, since: start}},
		{"poll for an old wait", place{poll: true, since: start.Add(-time.Minute)}},
		{"user", place{}},
	} {
		wg.Go(func() {
			if _, err := l.wait(ctx, time.Now, tc.p); err != nil {
				t.Error(err)
			}
			mu.Lock()
			order = append(order, tc.name)
			mu.Unlock()
		})
		time.Sleep(5 * time.Millisecond) // all in line before the next turn
	}
	wg.Wait()
	if want := []string{"user", "poll for an old wait", "poll for a young wait"}; !slices.Equal(order, want) {
		t.Errorf("turns went to %v, want %v", order, want)
	}
}

func TestPacerFailsAtOnceWhenTheTurnComesAfterTheDeadline(t *testing.T) {
	l, clock := newFakeLane(0.1) // a turn every 10 s
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := l.wait(ctx, clock.now, place{}); err != nil {
		t.Fatalf("first turn: %v", err)
	}
	start := time.Now()
	if _, err := l.wait(ctx, clock.now, place{}); err != context.DeadlineExceeded {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if waited := time.Since(start); waited > 100*time.Millisecond {
		t.Errorf("waited %s before giving up", waited)
	}
	if len(l.queue) != 0 {
		t.Errorf("the request that gave up is still in line")
	}
}

func TestPacerInterruptStopsAQueuedRequest(t *testing.T) {
	l, clock := newFakeLane(0.1)
	if _, err := l.wait(context.Background(), clock.now, place{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := l.wait(ctx, clock.now, place{})
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("err = %v, want Canceled", err)
		}
	case <-time.After(time.Second):
		t.Fatal("an interrupted request stayed queued")
	}
	if len(l.queue) != 0 {
		t.Errorf("the interrupted request is still in line")
	}
}

// A request behind another in line gives up when its context ends, and
// leaves the line.
func TestPacerInterruptStopsARequestBehindAnother(t *testing.T) {
	l, clock := newFakeLane(0)
	first := &place{since: clock.now()}
	l.queue = append(l.queue, first)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, err := l.wait(ctx, clock.now, place{}); err != context.Canceled {
		t.Errorf("err = %v, want Canceled", err)
	}
	if len(l.queue) != 1 {
		t.Errorf("line %v, want only the first", l.queue)
	}
}

func TestPacerDescribesWhatItMadeOfAThrottle(t *testing.T) {
	l, clock := newFakeLane(0)
	throttleNow(l, clock, time.Second)
	if got := l.describe(true); got != "blamed on our rate: tried again in turn; throttles follow our rate" {
		t.Errorf("describe(true) = %q", got)
	}
	l.background = 0.25
	if got := l.describe(false); !strings.HasPrefix(got, "not blamed on our rate: tried again after a backoff; about 25% of requests") {
		t.Errorf("describe(false) = %q", got)
	}
}

// Under a limit of 5 requests a second, 30 concurrent reads all succeed
// with max_retries 0: throttles are the pacer's, not failures.
func TestCallsUnderARateLimitAllSucceed(t *testing.T) {
	if testing.Short() {
		t.Skip("takes seconds")
	}
	env := newRunCommandEnv(t)
	started, err := env.client.RunCommand(context.Background(), shellInput("echo hi"))
	if err != nil {
		t.Fatal(err)
	}
	env.server.SetFault(describeInvocationResult, emulator.Fault{Throttle: 10})
	env.client.cfg.MaxRetries = 0
	ref := InvocationRef{RegionID: runRegion, InstanceID: runInstance, InvokeID: started.InvokeID}
	readAll(t, env.client, ref, 30)
}

// readAll reads ref n times at once and fails the test on any error.
func readAll(t *testing.T, c *Client, ref InvocationRef, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := c.DescribeInvocationResult(ctx, ref)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a read failed: %v", err)
		}
	}
}

// With 40% of requests throttled at random, 20 reads all succeed with
// max_retries 0: the pacer finds the throttles are not its rate's, stops
// pacing, and they are retried with backoff.
func TestCallsUnderRandomThrottlesAllSucceed(t *testing.T) {
	if testing.Short() {
		t.Skip("takes seconds")
	}
	env := newRunCommandEnv(t)
	started, err := env.client.RunCommand(context.Background(), shellInput("echo hi"))
	if err != nil {
		t.Fatal(err)
	}
	env.server.SetFault(describeInvocationResult, emulator.Fault{ThrottleShare: 0.4})
	env.client.cfg.MaxRetries = 0
	env.client.cfg.Backoff = Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond}
	ref := InvocationRef{RegionID: runRegion, InstanceID: runInstance, InvokeID: started.InvokeID}
	start := time.Now()
	for range 2 {
		readAll(t, env.client, ref, 10)
	}
	lane := env.client.pacer.lane(laneKey{identity: "LTAI5tRunCommandTest", action: describeInvocationResult}, 0)
	lane.mu.Lock()
	defer lane.mu.Unlock()
	t.Logf("20 reads in %s: %d requests, %d throttled; the lane: %s", time.Since(start),
		env.server.Requests(describeInvocationResult), env.server.RequestsWithOutcome("Throttling.User"), lane.belief())
	if lane.background == 0 && !lane.judging {
		t.Errorf("the lane still blames its rate: %s", lane.belief())
	}
}

// TestCallLogsWhatThePacerMakesOfThrottles: at debug level every throttle
// says whether the pacer blamed it on the rate and what it believes, and a
// verdict on a cut has a line of its own.
func TestCallLogsWhatThePacerMakesOfThrottles(t *testing.T) {
	// Every request from the eleventh to the twenty-fourth is throttled:
	// the first of them cuts, the next ten judge the cut, the rest are
	// retried with a backoff.
	var env *emulatorEnv
	env = newEmulatorEnv(t, 0, func(_ *http.Request, n int) {
		if n == pacerVerdictAnswers+1 || n == pacerVerdictAnswers+14 {
			env.server.SetFault(describeInvocationResult, emulator.Fault{ThrottleShare: float64(n % 2)})
		}
	})
	env.server.AddInvocation(env.succeeded("t-seeded"))
	for range pacerVerdictAnswers {
		if err := describe(t.Context(), env.client, "t-seeded"); err != nil {
			t.Fatal(err)
		}
	}
	env.client.cfg.Backoff = Backoff{Initial: 10 * time.Millisecond, Max: 10 * time.Millisecond}
	var out strings.Builder
	ctx, cancel := context.WithTimeout(tflogtest.RootLogger(t.Context(), &out), callTimeout)
	defer cancel()
	if _, err := env.client.DescribeInvocationResult(ctx, env.ref("t-seeded")); err != nil {
		t.Fatal(err)
	}
	lines, err := tflogtest.MultilineJSONDecode(strings.NewReader(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range lines {
		for _, want := range []string{
			"blamed on our rate: tried again in turn; checking whether the last cut lowers the share of requests throttled",
			"not blamed on our rate: tried again after a backoff; about 100% of requests are throttled whatever our rate",
		} {
			if strings.HasPrefix(fmt.Sprint(line["throttle"]), want) {
				seen[want] = true
			}
		}
		if msg := fmt.Sprint(line["@message"]); strings.HasPrefix(msg, "SWAS API pacer: cutting the rate left 100% of requests throttled") {
			seen["verdict"] = true
		}
	}
	if len(seen) != 3 {
		t.Errorf("the log shows %v of the pacer's beliefs and verdict:\n%s", seen, out.String())
	}
}

// TestUnblamedThrottlesBackOffLonger: each throttle the pacer does not
// blame on the rate waits longer than the one before, up to the cap: the
// fourth in a row waits at least twice the first's longest.
func TestUnblamedThrottlesBackOffLonger(t *testing.T) {
	// Every request from the eleventh to the twenty-fourth is throttled:
	// the first cuts, the next ten judge the cut, and from the verdict on
	// they are retried with a backoff.
	const first, last = pacerVerdictAnswers + 1, pacerVerdictAnswers + 14
	var env *emulatorEnv
	var mu sync.Mutex
	arrived := map[int]time.Time{}
	env = newEmulatorEnv(t, 0, func(_ *http.Request, n int) {
		mu.Lock()
		arrived[n] = time.Now()
		mu.Unlock()
		switch n {
		case first:
			env.server.SetFault(describeInvocationResult, emulator.Fault{ThrottleShare: 1})
		case last + 1:
			env.server.SetFault(describeInvocationResult, emulator.Fault{})
		}
	})
	env.server.AddInvocation(env.succeeded("t-seeded"))
	for range pacerVerdictAnswers {
		if err := describe(t.Context(), env.client, "t-seeded"); err != nil {
			t.Fatal(err)
		}
	}
	const initial = 40 * time.Millisecond
	env.client.cfg.Backoff = Backoff{Initial: initial, Max: time.Second}
	if err := describe(t.Context(), env.client, "t-seeded"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if gap := arrived[last+1].Sub(arrived[last]); gap < 2*initial {
		t.Errorf("after the fourth throttle in a row not blamed on the rate the call waited %s, want at least %s", gap, 2*initial)
	}
}
