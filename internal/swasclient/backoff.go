package swasclient

import (
	"math/rand/v2"
	"time"
)

// Backoff spaces repeated requests: exponential growth from Initial, capped
// at Max, with "equal jitter" (a random half on top of a fixed half) so that
// many readers throttled together do not retry in lockstep.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
}

// DefaultRetryBackoff spaces retries of throttled and transient failures.
var DefaultRetryBackoff = Backoff{Initial: 500 * time.Millisecond, Max: 20 * time.Second}

// delay is the wait before retry n (n >= 1).
func (b Backoff) delay(n int) time.Duration {
	ceiling := min(b.Initial, b.Max)
	for range n - 1 {
		ceiling = min(2*ceiling, b.Max)
	}
	half := ceiling / 2
	return half + rand.N(half+1)
}
