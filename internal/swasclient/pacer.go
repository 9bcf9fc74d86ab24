package swasclient

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The pacer's constants, after the AWS SDKs' adaptive retry mode (a rate
// that follows CUBIC).
const (
	// pacerBeta is what a cut keeps of the rate.
	pacerBeta = 0.7
	// pacerProbeRequests sets the pace of growth after a cut: the rate is
	// back at the peak after this many requests' worth of time at the
	// peak, and 1.3 times it after as many again. Counted in requests, not
	// seconds, so that probing wastes as small a share of requests at one
	// a second as at fifty.
	pacerProbeRequests = 40
	// pacerPlateau is where the rate levels off after a cut, as a share of
	// the rate that was throttled: just below it, so that the jitter of
	// the network does not throttle a lane sent at the limit.
	pacerPlateau = 0.95
	// pacerMinRate is the slowest the pacer goes: one request a minute,
	// below the lowest quota documented for SWAS (10 a minute).
	pacerMinRate = 1.0 / 60
	// pacerWindow is how far back the rates requests are sent and
	// accepted at are measured: long enough that the burst the API allows
	// weighs little.
	pacerWindow = 5 * time.Second
	// pacerVerdictAnswers is how many answers to requests sent after a cut
	// the pacer waits for before it judges whether the cut lowered the
	// share of requests throttled.
	pacerVerdictAnswers = 10
	// pacerVerdictThrottles is the fewest throttles among those answers
	// that can show a cut did not help: one may be chance.
	pacerVerdictThrottles = 2
	// pacerShareAnswers is about how many answers the share of requests
	// throttled at the current rate is measured over: older ones weigh
	// half as much each time as many more have come.
	pacerShareAnswers = 40
	// pacerExcessSigmas is how far above the share the API throttles
	// whatever the rate, in standard deviations of chance, the share must
	// be for the rate to be blamed.
	pacerExcessSigmas = 3
)

// Pacer keeps every call of one provider process under the API's rate
// limits, and holds the process's poll scheduler (polls.go). Alibaba Cloud
// limits calls per account and per action, so it keeps one lane per
// access key and action. The region is not part of the key: the limits
// are documented per account and per API, and a lane too cautious across
// regions costs time, never a failed read.
//
// A lane adds no delay until the API first throttles it, or until a
// ceiling is set. Then requests take turns, spaced by the lane's rate:
// users' requests in the order they came, then poll rounds, the round for
// the longest wait first. While requests succeed the rate grows back
// along a cubic curve, flat around the peak and steep beyond. Unlike the
// AWS SDKs', the curve's time is scaled by that rate, so that a lane at
// one request a second probes as rarely, in requests, as a fast one.
//
// Not every throttle is ours, and the lane tells them apart:
//
//   - A throttle with a TimeLeft (the x-ratelimit-user-api header) is the
//     flow control saying its bucket for our key and action ran dry: the
//     rate the key sends at, ours alone or with another client's, is the
//     cause. The lane holds for the TimeLeft and cuts. Its first throttle
//     paces it just below the rate the TimeLeft shows (the time between
//     tokens); later ones cut to pacerBeta of the rate sent.
//   - A throttle without one says nothing of the rate: a busy backend
//     refuses a share of requests whatever we send. The lane cuts as for
//     the other kind, and judges the cut: if the share of requests so
//     throttled after it is not below half the share before it, the rate
//     was not the cause. The rate goes back to what it was, the lane
//     takes that share as the background, and blames its rate again only
//     when the share rises clearly above it. Throttles it does not blame
//     are retried after a backoff, like transient failures, and change
//     nothing in the lane.
//
// No cut takes the rate below pacerBeta of the rate the API accepted while
// the lane was paced: what its answers justify.
type Pacer struct {
	now   func() time.Time
	mu    sync.Mutex
	lanes map[laneKey]*lane
	polls *pollScheduler
}

// NewPacer returns a pacer; share one across every client of a process.
func NewPacer() *Pacer {
	return newPacerWithClock(time.Now)
}

func newPacerWithClock(now func() time.Time) *Pacer {
	return &Pacer{now: now, lanes: map[laneKey]*lane{}, polls: newPollScheduler()}
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
	// rate is in requests per second, +Inf while the lane is not paced.
	rate    float64
	ceiling float64
	// lastTurn is when the last request was let through.
	lastTurn    time.Time
	pausedUntil time.Time
	// queue holds the requests waiting for a turn, in the order they get
	// one; the first times its turn, the others wait for changed.
	queue []*place
	seq   uint64
	// changed is closed, and replaced, when the line, the rate or the
	// pause changes, so that waiting requests look again.
	changed chan struct{}
	// cubicPeak is the rate the cubic curve levels off at, and throttledAt
	// when it began.
	cubicPeak   float64
	throttledAt time.Time
	// epoch counts the changes of rate by a cut or a verdict: answers to
	// requests sent before the last change say nothing of the rate now.
	epoch int
	// cur counts the answers to requests let through in this epoch, and
	// the throttles without a TimeLeft among them; prev those of the
	// epoch before.
	cur, prev tally
	// judging is set while the last cut waits for its verdict: whether the
	// share of requests throttled without a TimeLeft fell after it; undo
	// is the lane's pace before that cut.
	judging bool
	undo    pace
	// background is the share of requests the API throttles without a
	// TimeLeft whatever the rate, learnt from a cut that did not lower it;
	// 0 until then.
	background float64
	sent       []time.Time
	// accepted holds when answers to requests let through while paced
	// came back not throttled, and pacedSince when the lane was paced.
	accepted   []time.Time
	pacedSince time.Time
	// lastAccepted is when the last request the API did not throttle was
	// let through.
	lastAccepted time.Time
	// since is when the lane let its first request through.
	since time.Time
}

// pace is what a cut changes and a verdict can undo.
type pace struct {
	rate, cubicPeak         float64
	throttledAt, pacedSince time.Time
}

// tally counts answers and the throttled among them.
type tally struct{ answers, throttled float64 }

func (t *tally) add(throttled bool) {
	if t.answers >= 2*pacerShareAnswers {
		t.answers, t.throttled = t.answers/2, t.throttled/2
	}
	t.answers++
	if throttled {
		t.throttled++
	}
}

func (t tally) share() float64 {
	if t.answers == 0 {
		return 0
	}
	return t.throttled / t.answers
}

// place orders a request in its lane's line: users' requests first, in
// the order they came, then poll rounds, the one whose wait began first
// first.
type place struct {
	poll  bool
	since time.Time
	seq   uint64
}

func (p *place) before(q *place) bool {
	if p.poll != q.poll {
		return !p.poll
	}
	if !p.since.Equal(q.since) {
		return p.since.Before(q.since)
	}
	return p.seq < q.seq
}

// turn is one request's place in its lane.
type turn struct {
	lane *lane
	// at is when the request was let through, and epoch the lane's then.
	at    time.Time
	epoch int
	paced bool
	// waited is how long the request waited for its turn.
	waited time.Duration
}

// wait blocks until the request may be sent, after the requests before
// it in line, or until ctx ends. The first in line gives up at once when
// its turn would come after ctx's deadline. p.since, when zero, is now.
func (l *lane) wait(ctx context.Context, now func() time.Time, p place) (turn, error) {
	start := now()
	l.mu.Lock()
	if math.IsInf(l.rate, 1) && len(l.queue) == 0 && !start.Before(l.pausedUntil) {
		defer l.mu.Unlock()
		return l.letThrough(start, start), nil
	}
	me := &p
	if me.since.IsZero() {
		me.since = start
	}
	l.enqueue(me)
	for {
		at := now()
		changed := l.changed
		// Behind others, wait for the line to move.
		delay := time.Duration(-1)
		if l.queue[0] == me {
			delay = l.nextTurn(at).Sub(at)
			if delay <= 0 {
				defer l.mu.Unlock()
				l.leaveLocked(me)
				return l.letThrough(start, at), nil
			}
			if deadline, ok := ctx.Deadline(); ok && at.Add(delay).After(deadline) {
				defer l.mu.Unlock()
				l.leaveLocked(me)
				return turn{lane: l, waited: at.Sub(start)}, context.DeadlineExceeded
			}
			tflog.Debug(ctx, "SWAS API pacer: waiting for a turn", map[string]any{
				"action": l.key.action, "wait_ms": delay.Milliseconds(), "rate_per_second": rateField(l.rate),
			})
		}
		l.mu.Unlock()
		if err := sleepUnless(ctx, delay, changed); err != nil {
			l.leave(me)
			return turn{lane: l, waited: now().Sub(start)}, err
		}
		l.mu.Lock()
	}
}

// enqueue puts p in line in its order; a new first must time its turn.
func (l *lane) enqueue(p *place) {
	l.seq++
	p.seq = l.seq
	i := len(l.queue)
	for i > 0 && p.before(l.queue[i-1]) {
		i--
	}
	l.queue = slices.Insert(l.queue, i, p)
	if i == 0 {
		l.signal()
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
	return turn{lane: l, at: at, epoch: l.epoch, paced: !math.IsInf(l.rate, 1), waited: at.Sub(start)}
}

// leave takes a request out of the line.
func (l *lane) leave(p *place) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.leaveLocked(p)
}

// leaveLocked takes p out of the line; the next one, if p was first,
// times its turn.
func (l *lane) leaveLocked(p *place) {
	i := slices.Index(l.queue, p)
	if i < 0 {
		return
	}
	l.queue = slices.Delete(l.queue, i, i+1)
	if i == 0 {
		l.signal()
	}
}

// record counts an answer to a request let through at t in its epoch's
// tally.
func (l *lane) record(t turn, throttled bool) {
	if t.epoch == l.epoch { //nolint:staticcheck // an if, not a switch: gremlins cannot place switch cases (CONTRIBUTING.md)
		l.cur.add(throttled)
	} else if t.epoch == l.epoch-1 {
		l.prev.add(throttled)
	}
}

// accept records an answer that was not throttled, grows the rate back,
// and returns the verdict on the last cut if this answer settled it.
func (l *lane) accept(now time.Time, t turn) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.record(t, false)
	if t.paced {
		l.accepted = append(recent(l.accepted, now), now)
	}
	if t.at.After(l.lastAccepted) {
		l.lastAccepted = t.at
	}
	verdict := l.judge()
	if l.background > 0 && !l.judging && l.cur.answers >= pacerShareAnswers && l.cur.share() < l.background/2 {
		// The backend throttles far less than it did.
		l.background = l.cur.share()
	}
	if !l.throttledAt.IsZero() {
		// Beyond the peak, grow only as fast as requests come, so that a
		// quiet spell does not end in a burst the API would throttle.
		l.setRate(min(l.cubicRate(now), max(l.cubicPeak, 2*l.sentRate(now))))
	}
	return verdict
}

// throttling is what the pacer made of a throttled answer.
type throttling struct {
	// ours is whether the lane's rate explains it: the request is tried
	// again in turn. Otherwise it is tried again after a backoff.
	ours bool
	// rate is the lane's rate after it.
	rate float64
	// verdict is the verdict on the last cut, if this answer settled it.
	verdict string
}

// throttle records a throttled answer to a request let through at t, with
// the TimeLeft the API gave (0 when it gave none), and cuts the rate when
// its rate is to blame.
func (l *lane) throttle(now time.Time, t turn, timeLeft time.Duration) throttling {
	l.mu.Lock()
	defer l.mu.Unlock()
	withTimeLeft := timeLeft > 0
	l.record(t, !withTimeLeft)
	verdict := l.judge()
	// A throttle without a TimeLeft cuts once the share of them at this
	// rate is measured and clearly above the background, and not while a
	// cut waits for its verdict.
	cut := t.epoch == l.epoch &&
		(withTimeLeft || !l.judging && l.cur.answers >= pacerVerdictAnswers && l.excess())
	if !cut && !withTimeLeft && !l.judging && l.background > 0 {
		return throttling{ours: false, rate: l.rate, verdict: verdict}
	}
	if until := now.Add(timeLeft); until.After(l.pausedUntil) {
		l.pausedUntil = until
		l.signal()
	}
	if cut {
		l.cut(now, t, timeLeft)
	}
	return throttling{ours: true, rate: l.rate, verdict: verdict}
}

// excess reports whether this epoch's share of requests throttled is
// clearly above the background: more than chance would add.
func (l *lane) excess() bool {
	b, n := l.background, l.cur.answers
	return l.cur.throttled-b*n > pacerExcessSigmas*math.Sqrt(n*b*(1-b))
}

// cut lowers the rate after a throttle of a request let through at t.
func (l *lane) cut(now time.Time, t turn, timeLeft time.Duration) {
	unpaced := math.IsInf(l.rate, 1)
	peak := pacerPlateau * min(l.sentRate(now), l.rate)
	// Only a cut for a throttle without a TimeLeft is judged, and can be
	// undone.
	l.judging = timeLeft == 0
	if l.judging {
		l.undo = pace{rate: l.rate, cubicPeak: l.cubicPeak, throttledAt: l.throttledAt, pacedSince: l.pacedSince}
	}
	// The rate drops to pacerBeta of the peak and grows back to it, unless
	// the API said how fast it refills.
	l.throttledAt = now
	if unpaced && timeLeft > 0 {
		// The first throttle comes with little to measure. Its TimeLeft,
		// with the time since the API last took a request, is the time
		// between its tokens: pace just below that, with no drop, as if
		// the curve had come back to its peak already.
		between := timeLeft
		if !l.lastAccepted.IsZero() && t.at.After(l.lastAccepted) {
			between += t.at.Sub(l.lastAccepted)
		}
		peak = max(min(peak, pacerPlateau/between.Seconds()), pacerMinRate)
		l.throttledAt = now.Add(-time.Duration(pacerProbeRequests / peak * float64(time.Second)))
	} else if unpaced {
		// Without it, start from one request a second at least.
		peak = max(peak, 1)
	}
	l.cubicPeak = max(peak, pacerMinRate)
	floor := pacerBeta * l.acceptedRate(now)
	if unpaced {
		l.pacedSince = now
	}
	l.newEpoch()
	l.setRate(max(l.cubicRate(now), floor))
}

// newEpoch starts counting answers afresh for a new rate.
func (l *lane) newEpoch() {
	l.epoch++
	l.prev, l.cur = l.cur, tally{}
}

// judge settles whether the last cut lowered the share of requests
// throttled without a TimeLeft above the background, once enough answers
// came after it. If it did not, the rate is not the cause: the lane goes
// back to its pace before the cut and takes the share after it as the
// background. It returns the verdict, "" when there is none yet.
func (l *lane) judge() string {
	if !l.judging || l.cur.answers < pacerVerdictAnswers {
		return ""
	}
	l.judging = false
	before, after := l.prev.share(), l.cur.share()
	if l.cur.throttled < pacerVerdictThrottles || after-l.background < (before-l.background)/2 {
		return fmt.Sprintf("the cut to %.3g requests a second lowered the share of requests throttled from %.0f%% to %.0f%%: "+
			"the throttles follow our rate", l.rate, 100*before, 100*after)
	}
	l.background = after
	l.cubicPeak, l.throttledAt, l.pacedSince = l.undo.cubicPeak, l.undo.throttledAt, l.undo.pacedSince
	if l.pacedSince.IsZero() {
		l.accepted = nil
	}
	l.newEpoch()
	l.setRate(l.undo.rate)
	return fmt.Sprintf("cutting the rate left %.0f%% of requests throttled (%.0f%% before): the throttles do not follow our rate, "+
		"so the rate is back at %v requests a second, and throttles below about that share are retried with backoff",
		100*after, 100*before, rateField(l.rate))
}

// describe says, for the log, what the lane made of a throttle, and what
// it makes of the throttles so far.
func (l *lane) describe(ours bool) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	what := "not blamed on our rate: tried again after a backoff; "
	if ours {
		what = "blamed on our rate: tried again in turn; "
	}
	return what + l.belief()
}

// rateField is a rate for the log, which cannot hold an infinity.
func rateField(r float64) any {
	if math.IsInf(r, 1) {
		return "unlimited"
	}
	return r
}

// belief says what the lane makes of the throttles so far.
func (l *lane) belief() string {
	if l.judging {
		return "checking whether the last cut lowers the share of requests throttled"
	}
	if l.background > 0 {
		return fmt.Sprintf("about %.0f%% of requests are throttled whatever our rate: only throttles beyond that are ours", 100*l.background)
	}
	if math.IsInf(l.rate, 1) {
		return "not throttled"
	}
	return "throttles follow our rate"
}

// sentRate is the rate requests were let through at lately, over the
// window or the lane's life if shorter, and at least a second.
func (l *lane) sentRate(now time.Time) float64 {
	over := min(pacerWindow, max(now.Sub(l.since), time.Second))
	return float64(len(within(l.sent, now, over))) / over.Seconds()
}

// acceptedRate is the rate of answers the API accepted lately to requests
// sent while paced, over the window or the time paced if shorter; 0 until
// it was paced a second.
func (l *lane) acceptedRate(now time.Time) float64 {
	over := min(pacerWindow, now.Sub(l.pacedSince))
	if l.pacedSince.IsZero() || over < time.Second {
		return 0
	}
	return float64(len(within(l.accepted, now, over))) / over.Seconds()
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

// signal wakes the requests in line to look again.
func (l *lane) signal() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// sleepUnless waits for d, or until changed is closed; a negative d
// waits for changed alone. It fails when ctx ends first.
func sleepUnless(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	var expired <-chan time.Time
	if d >= 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		expired = timer.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-changed:
	case <-expired:
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
