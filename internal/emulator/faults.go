package emulator

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Fault describes misbehaviour injected into requests. Faults set for one
// action and for all actions ("") both apply, the all-actions one first.
// A request meets, in order: the clock step of AdvanceClockOnRequest,
// Latency, Hang, DropConnection, injected failures, authentication,
// routing, Throttle (after authentication, as per-user flow control), then
// Body or the action; MalformedBody cuts whatever answer follows.
type Fault struct {
	// Throttle limits requests per second (a token bucket holding
	// max(1, Throttle) tokens, refilled in real time). Authenticated
	// requests over the limit get HTTP 400 Throttling.User. 0 is off.
	// One bucket serves every access key; Options.RateLimit is the API's
	// per-user flow control.
	Throttle float64
	// ThrottleShare throttles this share of authenticated requests (0 to
	// 1), each drawn at random whatever the rate they come at, as a busy
	// backend refuses them: HTTP 400 Throttling.User without the
	// x-ratelimit-user-api header, so with no TimeLeft. It comes after
	// RateLimit, which has spent the request's token.
	ThrottleShare float64
	// FailNext answers the next FailNext requests with FailStatus.
	FailNext int
	// FailRate answers this fraction of requests with FailStatus, spread
	// evenly (0.5 fails every second request), so tests are deterministic.
	FailRate float64
	// FailStatus is 503 (ServiceUnavailable, the default) or 500
	// (InternalError).
	FailStatus int
	// Latency delays each answer (real time; ends early if the client
	// goes away).
	Latency time.Duration
	// LatencyJitter adds a uniformly random delay of 0 to LatencyJitter
	// to Latency, drawn for each answer.
	LatencyJitter time.Duration
	// DropConnection closes the connection without answering.
	DropConnection bool
	// MalformedBody carries out the request, then cuts its JSON answer in
	// half.
	MalformedBody bool
	// Hang never answers: the handler waits until the request's context
	// ends (client timeout, disconnect or Listener.Close).
	Hang bool
	// Body, when set, answers an authenticated request with HTTP 200 and
	// this body verbatim instead of the action's answer, for clients'
	// tests of responses the real API should never send.
	Body string
}

// Outcomes counted besides "OK" and error codes.
const (
	OutcomeOK        = "OK"
	OutcomeDropped   = "Dropped"
	OutcomeHung      = "Hung"
	OutcomeMalformed = "MalformedBody"
	OutcomeCanceled  = "Canceled" // the client left during injected latency
	OutcomeRawBody   = "RawBody"  // answered with Fault.Body
)

type faultState struct {
	Fault
	bucket   *bucket // Throttle's, from the first request on
	failDebt float64
}

// throttle takes a token from Throttle's bucket, then draws whether
// ThrottleShare refuses the request; when either does it returns the
// header to answer with, "" for none.
func (f *faultState) throttle(now time.Time) (bool, string) {
	if f.ThrottleShare > 0 && rand.Float64() < f.ThrottleShare {
		return false, ""
	}
	if f.Throttle <= 0 {
		return true, ""
	}
	if f.bucket == nil {
		f.bucket = newBucket(f.Throttle, math.Max(1, f.Throttle), now)
	}
	if ok, wait := f.bucket.take(now); !ok {
		return false, f.bucket.header(wait)
	}
	return true, ""
}

// fail reports whether this request is one of the failing ones.
func (f *faultState) fail() bool {
	if f.FailNext > 0 {
		f.FailNext--
		return true
	}
	// A rate of 0 (or less) never adds up to a failure.
	f.failDebt += f.FailRate
	if f.failDebt >= 1 {
		f.failDebt--
		return true
	}
	return false
}

// plan is what the faults decided for one request before it is served.
type plan struct {
	latency               time.Duration
	hang, drop, malformed bool
	failStatus            int    // 0: do not fail
	body                  string // "": the action's own answer
}

type faults struct {
	mu      sync.Mutex
	state   map[string]*faultState
	steps   map[string]time.Duration
	latency latency // of every answer, whatever the faults
}

// latency is a delay of fixed plus a uniformly random 0 to jitter.
type latency struct{ fixed, jitter time.Duration }

func (l latency) validate() error {
	if l.fixed < 0 || l.jitter < 0 {
		return fmt.Errorf("latency %s and jitter %s: neither may be negative", l.fixed, l.jitter)
	}
	return nil
}

func (l latency) draw() time.Duration {
	if l.jitter <= 0 {
		return l.fixed
	}
	return l.fixed + rand.N(l.jitter+1)
}

func newFaults() *faults {
	return &faults{state: map[string]*faultState{}, steps: map[string]time.Duration{}}
}

func (f *faults) set(action string, fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state[action] = &faultState{Fault: fault}
}

func (f *faults) setLatency(l latency) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = l
}

func (f *faults) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state = map[string]*faultState{}
}

func (f *faults) setStep(action string, step time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if step == 0 {
		delete(f.steps, action)
		return
	}
	f.steps[action] = step
}

// step is how far to advance the world clock for a request of action.
func (f *faults) step(action string) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	step := f.steps[""]
	if action != "" {
		step += f.steps[action]
	}
	return step
}

// applicable returns the all-actions state, then the action's.
func (f *faults) applicable(action string) []*faultState {
	var out []*faultState
	if st, ok := f.state[""]; ok {
		out = append(out, st)
	}
	if st, ok := f.state[action]; ok && action != "" {
		out = append(out, st)
	}
	return out
}

func (f *faults) plan(action string) plan {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := plan{latency: f.latency.draw()}
	for _, st := range f.applicable(action) {
		p.latency += latency{st.Latency, st.LatencyJitter}.draw()
		p.hang = p.hang || st.Hang
		p.drop = p.drop || st.DropConnection
		p.malformed = p.malformed || st.MalformedBody
		if st.Body != "" {
			p.body = st.Body
		}
		if p.failStatus == 0 && st.fail() {
			p.failStatus = st.FailStatus
			if p.failStatus == 0 {
				p.failStatus = http.StatusServiceUnavailable
			}
		}
	}
	return p
}

// throttle takes a token from every applicable Throttle bucket and draws
// every ThrottleShare. When one refuses it returns the rate-limit header
// value the real gateway sends, whose TimeLeft (milliseconds) the SDK reads
// into RetryAfter, or "" when a ThrottleShare refused.
func (f *faults) throttle(action string, now time.Time) (bool, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, st := range f.applicable(action) {
		if ok, header := st.throttle(now); !ok {
			return false, header
		}
	}
	return true, ""
}

// counters counts requests by action and by outcome, and remembers when
// requests were admitted past flow control.
type counters struct {
	mu        sync.Mutex
	total     int
	byAction  map[string]int
	byOutcome map[string]int
	outcomes  map[actionOutcome]int
	admitted  map[string][]time.Time
}

type actionOutcome struct{ action, outcome string }

// maxAdmitted is how many admission times are kept per action at least;
// older ones go, so that a long-running emulator does not grow without end.
const maxAdmitted = 100_000

func newCounters() *counters {
	c := &counters{}
	c.reset()
	return c
}

func (c *counters) arrived(action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	c.byAction[action]++
}

// admit records an admission at now, in order: requests admitted at
// nearly the same time may get here in the other order.
func (c *counters) admit(action string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	times := c.admitted[action]
	if len(times) >= 2*maxAdmitted {
		times = append(times[:0], times[len(times)-maxAdmitted:]...)
	}
	i := len(times)
	for i > 0 && times[i-1].After(now) {
		i--
	}
	c.admitted[action] = slices.Insert(times, i, now)
}

func (c *counters) finished(action, outcome string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byOutcome[outcome]++
	c.outcomes[actionOutcome{action, outcome}]++
}

func (c *counters) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total = 0
	c.byAction = map[string]int{}
	c.byOutcome = map[string]int{}
	c.outcomes = map[actionOutcome]int{}
	c.admitted = map[string][]time.Time{}
}

// maxIn is the most admissions of action within any window: a sliding
// window over the admission times, which are in order.
func (c *counters) maxIn(action string, window time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	times := c.admitted[action]
	most, first := 0, 0
	for last, t := range times {
		for t.Sub(times[first]) >= window {
			first++
		}
		most = max(most, last-first+1)
	}
	return most
}
