package swasclient

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

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
		l.letThrough(clock.now(), clock.now())
		l.accept(clock.now())
		clock.advance(time.Duration(float64(time.Second) / r))
	}
}

func near(got, want float64) bool { return math.Abs(got-want) < 1e-6*math.Max(1, want) }

func TestPacerAddsNoDelayUntilThrottled(t *testing.T) {
	l, clock := newFakeLane(0)
	for range 1000 {
		got, err := l.wait(context.Background(), clock.now)
		if err != nil || got.waited != 0 {
			t.Fatalf("an unthrottled lane made a request wait %s (%v)", got.waited, err)
		}
		l.accept(clock.now())
	}
	if !math.IsInf(l.rate, 1) {
		t.Errorf("rate = %v, want unlimited", l.rate)
	}
}

// The rate sent is measured over the lane's life, at least a second and at
// most pacerWindow.
func TestPacerCutsTheRateSentOnAThrottle(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		rate float64
	}{
		{name: "within a second", n: 10, rate: 10},
		{name: "over two seconds", n: 20, rate: 10},
		{name: "longer than the window", n: 100, rate: 10},
		{name: "slower than one a second", n: 3, rate: 0.5},
	} {
		l, clock := newFakeLane(0)
		sendAt(l, clock, tc.n, tc.rate)
		got := l.throttle(clock.now(), 0, 0)
		if want := max(tc.rate*pacerPlateau, 1) * pacerBeta; !near(got, want) {
			t.Errorf("%s: rate after a throttle = %v, want %v (β × the plateau below the rate sent)", tc.name, got, want)
		}
	}
}

// The first throttle's TimeLeft is the time between the API's tokens: it
// bounds the rate when the plan was sending faster.
func TestPacerTakesTheFirstCutFromTheTimeLeft(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 10, 10)
	got := l.throttle(clock.now(), 0, 200*time.Millisecond)
	if want := 5 * pacerPlateau * pacerBeta; !near(got, want) {
		t.Errorf("rate after a throttle with TimeLeft 200ms = %v, want %v (from 5/s)", got, want)
	}
}

func TestPacerCutsOncePerWaveOfThrottles(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 10, 10)
	epoch := l.epoch // ten requests sent together, all throttled
	first := l.throttle(clock.now(), epoch, 0)
	for range 9 {
		if got := l.throttle(clock.now(), epoch, 0); got != first {
			t.Fatalf("a throttle of a request sent before the cut cut again: %v, then %v", first, got)
		}
	}
	// A request sent after the cut and throttled too means the cut was not enough.
	if got := l.throttle(clock.now(), l.epoch, 0); !(got < first) {
		t.Errorf("a throttle after the cut left the rate at %v, want below %v", got, first)
	}
}

func TestPacerWaitsTheTimeLeftTheAPIGave(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 100, 100)
	l.throttle(clock.now(), 0, 850*time.Millisecond)
	if d := l.nextTurn(clock.now()).Sub(clock.now()); d < 850*time.Millisecond {
		t.Errorf("the next turn comes after %s, before the API's TimeLeft of 850ms", d)
	}
	clock.advance(time.Second)
	if d := l.nextTurn(clock.now()).Sub(clock.now()); d >= 850*time.Millisecond {
		t.Errorf("the pause outlived the TimeLeft: %s", d)
	}
}

// After a throttle the rate is back at the peak once pacerProbeRequests
// requests' worth of time has passed, then probes past it.
func TestPacerGrowsBackAlongACubic(t *testing.T) {
	l, clock := newFakeLane(0)
	sendAt(l, clock, 20, 20)
	l.throttle(clock.now(), 0, 0)
	peak := l.cubicPeak
	if !near(peak, 20*pacerPlateau) {
		t.Fatalf("peak = %v, want just below the 20/s requests were sent at", peak)
	}
	k := pacerProbeRequests / peak // seconds back to the peak
	var previous float64
	for _, after := range []float64{0.1, k / 2, k, k + 1, k + 2} {
		at := clock.t.Add(time.Duration(after * float64(time.Second)))
		for range 30 { // requests keep coming at 30/s
			l.letThrough(at, at)
		}
		l.accept(at)
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
	l.accept(clock.t.Add(time.Hour))
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
	l.throttle(clock.now(), 0, 0)
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

func TestPacerNeverGoesBelowItsMinimum(t *testing.T) {
	l, clock := newFakeLane(0)
	for range 50 {
		l.throttle(clock.now(), l.epoch, 0)
	}
	if got := l.rate; !near(got, pacerMinRate) {
		t.Errorf("rate after 50 throttles = %v, want the minimum %v", got, pacerMinRate)
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
	l.throttle(clock.now(), l.epoch, 0)
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
	first := make(chan struct{}) // in line, not yet woken
	l.queue = append(l.queue, first)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.wait(ctx, clock.now); err == nil {
		t.Fatal("a request went ahead of one waiting in line")
	}
	if len(l.queue) != 1 || l.queue[0] != first {
		t.Errorf("the request that gave up left the line as %v", l.queue)
	}
}

func TestPacerFailsAtOnceWhenTheTurnComesAfterTheDeadline(t *testing.T) {
	l, clock := newFakeLane(0.1) // a turn every 10 s
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := l.wait(ctx, clock.now); err != nil {
		t.Fatalf("first turn: %v", err)
	}
	start := time.Now()
	if _, err := l.wait(ctx, clock.now); err != context.DeadlineExceeded {
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
	if _, err := l.wait(context.Background(), clock.now); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := l.wait(ctx, clock.now)
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
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for range 30 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := env.client.DescribeInvocationResult(ctx, ref)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a read failed under the limit: %v", err)
		}
	}
}
