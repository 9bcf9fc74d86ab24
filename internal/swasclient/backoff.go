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

// maxUnblamedThrottleBackoff caps the backoff of a throttle the pacer does
// not blame on our rate. Such throttles strike each request at random
// whatever we send, so a long wait does not make the next attempt likelier
// to pass: it only stretches the unlucky read that drew several in a row
// (at 40% of requests refused, one read in a hundred draws five). The
// pacer cuts the rate if their share rises clearly above the background.
const maxUnblamedThrottleBackoff = 4 * time.Second

// forUnblamedThrottles is b capped for throttles our rate does not cause.
func (b Backoff) forUnblamedThrottles() Backoff {
	b.Max = min(b.Max, maxUnblamedThrottleBackoff)
	return b
}

// delay is the wait before retry n (n >= 1).
func (b Backoff) delay(n int) time.Duration {
	ceiling := min(b.Initial, b.Max)
	for range n - 1 {
		ceiling = min(2*ceiling, b.Max)
	}
	half := ceiling / 2
	return half + rand.N(half+1)
}
