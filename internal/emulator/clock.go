package emulator

import (
	"sync"
	"time"
)

// Clock is the emulator's world clock. It drives invocation lifecycles,
// retention and STS token expiry. Request dates (x-acs-date), nonce windows,
// throttling and latency always use real wall time, because clients sign and
// pace requests with real time.
type Clock interface {
	Now() time.Time
}

// advancer is a Clock that AdvanceClockOnRequest can move.
type advancer interface {
	Advance(time.Duration)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// ManualClock is a Clock that only moves when told to, so lifecycle tests
// never sleep. It is safe for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock set to start.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
