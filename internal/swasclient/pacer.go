package swasclient

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The pacer's constants, after the AWS SDKs' adaptive retry mode (a rate
// that follows CUBIC).
const (
	// pacerBeta is what a throttle keeps of the rate.
	pacerBeta = 0.7
	// pacerProbeRequests sets the pace of growth after a throttle: the rate
	// is back at the peak after this many requests' worth of time at the
	// peak, and 1.3 times it after as many again. Counted in requests, not
	// seconds, so that probing wastes as small a share of requests at one
	// a second as at fifty.
	pacerProbeRequests = 40
	// pacerPlateau is where the rate levels off after a throttle, as a
	// share of the rate that was throttled: just below it, so that the
	// jitter of the network does not throttle a lane sent at the limit.
	pacerPlateau = 0.95
	// pacerMinRate is the slowest the pacer goes: one request a minute,
	// below the lowest quota documented for SWAS (10 a minute).
	pacerMinRate = 1.0 / 60
	// pacerWindow is how far back the rate requests are sent at is
	// measured: long enough that the burst the API allows weighs little.
	pacerWindow = 5 * time.Second
)

// Pacer keeps every call of one provider process under the API's rate
// limits. Alibaba Cloud limits calls per account and per action, so it
// keeps one lane per access key and action. The region is not part of the
// key: the limits are documented per account and per API, and a lane too
// cautious across regions costs time, never a failed read.
//
// A lane adds no delay until the API first throttles it, or until a
// ceiling is set. Then requests take turns, in the order they came, spaced
// by the lane's rate. On a throttle the rate drops to pacerBeta of a peak
// just below the rate requests were sent at, and every request of the lane
// waits at least the TimeLeft the API gave. While requests succeed the rate
// grows back along a cubic curve, flat around the peak and steep beyond.
// Unlike the AWS SDKs', the curve's time is scaled by that rate, so that a
// lane at one request a second probes as rarely, in requests, as a fast one.
type Pacer struct {
	now   func() time.Time
	mu    sync.Mutex
	lanes map[laneKey]*lane
}

// NewPacer returns a pacer; share one across every client of a process.
func NewPacer() *Pacer {
	return newPacerWithClock(time.Now)
}

func newPacerWithClock(now func() time.Time) *Pacer {
	return &Pacer{now: now, lanes: map[laneKey]*lane{}}
}

type laneKey struct {
	identity string // the access key id
	action   string
}

// lane returns the lane of key. ceiling, in requests per second, caps its
// rate when positive; the lowest ceiling asked for applies.
func (p *Pacer) lane(key laneKey, ceiling float64) *lane {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.lanes[key]
	if l == nil {
		l = &lane{key: key, rate: math.Inf(1), changed: make(chan struct{})}
		p.lanes[key] = l
	}
	l.lowerCeiling(ceiling)
	return l
}

// lane paces the requests of one access key and one action.
type lane struct {
	key laneKey
	mu  sync.Mutex
	// rate is in requests per second, +Inf until the lane is first paced.
	rate    float64
	ceiling float64
	// lastTurn is when the last request was let through.
	lastTurn    time.Time
	pausedUntil time.Time
	// queue holds the waiting requests in order; the first one is timing
	// its turn, each of the others waits for its channel to be closed.
	queue []chan struct{}
	// changed is closed, and replaced, when the rate or the pause changes,
	// so that the first request waiting times its turn again.
	changed chan struct{}
	// cubicPeak is the rate when the API last throttled, and throttledAt when.
	cubicPeak   float64
	throttledAt time.Time
	// epoch counts the cuts: throttles of requests sent before the last
	// cut do not cut again.
	epoch int
	sent  []time.Time
	// since is when the lane let its first request through.
	since time.Time
}

// turn is one request's place in its lane.
type turn struct {
	lane *lane
	// epoch is the lane's when the request was let through.
	epoch int
	// waited is how long the request waited for its turn.
	waited time.Duration
}

// wait blocks until the request may be sent, after the requests that came
// before it, or until ctx ends. The first in line gives up at once when its
// turn would come after ctx's deadline.
func (l *lane) wait(ctx context.Context, now func() time.Time) (turn, error) {
	start := now()
	l.mu.Lock()
	if math.IsInf(l.rate, 1) && len(l.queue) == 0 && !start.Before(l.pausedUntil) {
		defer l.mu.Unlock()
		return l.letThrough(start, start), nil
	}
	mine := make(chan struct{})
	if l.queue = append(l.queue, mine); len(l.queue) == 1 {
		close(mine)
	}
	l.mu.Unlock()

	select {
	case <-mine:
	case <-ctx.Done():
		l.leave(mine)
		return turn{lane: l, waited: now().Sub(start)}, ctx.Err()
	}
	for {
		at := now()
		l.mu.Lock()
		delay, changed, rate := l.nextTurn(at).Sub(at), l.changed, l.rate
		if delay <= 0 {
			defer l.mu.Unlock()
			l.leaveLocked(mine)
			return l.letThrough(start, at), nil
		}
		l.mu.Unlock()
		if deadline, ok := ctx.Deadline(); ok && at.Add(delay).After(deadline) {
			l.leave(mine)
			return turn{lane: l, waited: at.Sub(start)}, context.DeadlineExceeded
		}
		tflog.Debug(ctx, "SWAS API pacer: waiting for a turn", map[string]any{
			"action": l.key.action, "wait_ms": delay.Milliseconds(), "rate_per_second": rate,
		})
		if err := sleepUnless(ctx, delay, changed); err != nil {
			l.leave(mine)
			return turn{lane: l, waited: now().Sub(start)}, err
		}
	}
}

// nextTurn is when the first request in line may go.
func (l *lane) nextTurn(now time.Time) time.Time {
	next := l.pausedUntil
	if !math.IsInf(l.rate, 1) && !l.lastTurn.IsZero() {
		next = later(next, l.lastTurn.Add(time.Duration(float64(time.Second)/l.rate)))
	}
	return later(next, now)
}

func (l *lane) letThrough(start, at time.Time) turn {
	if l.since.IsZero() {
		l.since = at
	}
	l.lastTurn = at
	l.sent = append(recent(l.sent, at), at)
	return turn{lane: l, epoch: l.epoch, waited: at.Sub(start)}
}

// leave takes a request out of the line, handing the first place on.
func (l *lane) leave(mine chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.leaveLocked(mine)
}

func (l *lane) leaveLocked(mine chan struct{}) {
	i := slices.Index(l.queue, mine)
	if i < 0 {
		return
	}
	l.queue = slices.Delete(l.queue, i, i+1)
	if i == 0 && len(l.queue) > 0 {
		close(l.queue[0])
	}
}

// accept records an answer that was not throttled, and grows the rate back.
func (l *lane) accept(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.throttledAt.IsZero() {
		return
	}
	// Beyond the peak, grow only as fast as requests come, so that a quiet
	// spell does not end in a burst the API would throttle.
	l.setRate(min(l.cubicRate(now), max(l.cubicPeak, 2*l.sentRate(now))))
}

// throttle records a throttled answer to a request let through in epoch,
// with the TimeLeft the API gave (0 when it gave none), and returns the
// rate it leaves.
func (l *lane) throttle(now time.Time, epoch int, timeLeft time.Duration) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := now.Add(timeLeft); until.After(l.pausedUntil) {
		l.pausedUntil = until
		l.signal()
	}
	if epoch < l.epoch {
		return l.rate
	}
	peak := min(l.sentRate(now), l.rate)
	floor := pacerMinRate
	if l.epoch == 0 {
		// The first throttle comes with little to measure. Right after the
		// API's bucket ran dry its TimeLeft is the time between tokens;
		// without it, start from one request a second at least.
		if timeLeft > 0 {
			peak = min(peak, 1/timeLeft.Seconds())
		}
		floor = 1
	}
	l.epoch++
	l.cubicPeak = max(pacerPlateau*peak, floor)
	l.throttledAt = now
	l.setRate(l.cubicPeak * pacerBeta)
	return l.rate
}

// sentRate is the rate requests were let through at lately, over the
// window or the lane's life if shorter, and at least a second.
func (l *lane) sentRate(now time.Time) float64 {
	over := min(pacerWindow, max(now.Sub(l.since), time.Second))
	return float64(len(within(l.sent, now, over))) / over.Seconds()
}

// cubicRate is the rate a time after the last throttle: pacerBeta of the
// peak at once, back at the peak after pacerProbeRequests requests' worth
// of time, and growing faster after that.
func (l *lane) cubicRate(now time.Time) float64 {
	x := now.Sub(l.throttledAt).Seconds()*l.cubicPeak/pacerProbeRequests - 1
	return l.cubicPeak * (1 + (1-pacerBeta)*x*x*x)
}

// setRate paces at r, within the ceiling and above the minimum.
func (l *lane) setRate(r float64) {
	r = max(r, pacerMinRate)
	if l.ceiling > 0 {
		r = min(r, l.ceiling)
	}
	if r != l.rate {
		l.rate = r
		l.signal()
	}
}

func (l *lane) lowerCeiling(ceiling float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ceiling <= 0 || (l.ceiling > 0 && l.ceiling <= ceiling) {
		return
	}
	l.ceiling = ceiling
	l.setRate(l.rate)
}

// signal wakes the first request in line to time its turn again.
func (l *lane) signal() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// sleepUnless waits for d, or until changed is closed; it fails when ctx
// ends first.
func sleepUnless(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-changed:
	case <-timer.C:
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// recent drops the times older than pacerWindow before now.
func recent(times []time.Time, now time.Time) []time.Time {
	return within(times, now, pacerWindow)
}

// within drops the times older than window before now.
func within(times []time.Time, now time.Time, window time.Duration) []time.Time {
	cut := 0
	for cut < len(times) && now.Sub(times[cut]) > window {
		cut++
	}
	return times[cut:]
}
