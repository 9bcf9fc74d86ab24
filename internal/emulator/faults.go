package emulator

import (
	"math"
	"net/http"
	"strconv"
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
	Throttle float64
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
	tokens   float64
	refilled time.Time
	failDebt float64
}

// take consumes a token from the bucket, or reports how long until one is
// available.
func (f *faultState) take(now time.Time) (bool, time.Duration) {
	if f.Throttle <= 0 {
		return true, 0
	}
	burst := math.Max(1, f.Throttle)
	if f.refilled.IsZero() {
		f.tokens = burst
	} else {
		f.tokens = math.Min(burst, f.tokens+now.Sub(f.refilled).Seconds()*f.Throttle)
	}
	f.refilled = now
	if f.tokens < 1 {
		return false, time.Duration((1 - f.tokens) / f.Throttle * float64(time.Second))
	}
	f.tokens--
	return true, 0
}

// fail reports whether this request is one of the failing ones.
func (f *faultState) fail() bool {
	if f.FailNext > 0 {
		f.FailNext--
		return true
	}
	if f.FailRate > 0 {
		f.failDebt += f.FailRate
		if f.failDebt >= 1 {
			f.failDebt--
			return true
		}
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
	mu    sync.Mutex
	state map[string]*faultState
	steps map[string]time.Duration
}

func newFaults() *faults {
	return &faults{state: map[string]*faultState{}, steps: map[string]time.Duration{}}
}

func (f *faults) set(action string, fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state[action] = &faultState{Fault: fault}
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
	var p plan
	for _, st := range f.applicable(action) {
		p.latency += st.Latency
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

// throttle takes a token from every applicable bucket. When one is empty it
// returns the rate-limit header value the real gateway sends, whose
// TimeLeft (milliseconds) the SDK reads into RetryAfter.
func (f *faults) throttle(action string) (bool, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	for _, st := range f.applicable(action) {
		if ok, wait := st.take(now); !ok {
			return false, "Limit:" + strconv.FormatFloat(st.Throttle, 'f', -1, 64) + ",Remain:0,TimeLeft:" + strconv.FormatInt(wait.Milliseconds(), 10)
		}
	}
	return true, ""
}

// counters counts requests by action and by outcome.
type counters struct {
	mu        sync.Mutex
	total     int
	byAction  map[string]int
	byOutcome map[string]int
}

func newCounters() *counters {
	return &counters{byAction: map[string]int{}, byOutcome: map[string]int{}}
}

func (c *counters) arrived(action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	c.byAction[action]++
}

func (c *counters) finished(outcome string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byOutcome[outcome]++
}

func (c *counters) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total = 0
	c.byAction = map[string]int{}
	c.byOutcome = map[string]int{}
}
