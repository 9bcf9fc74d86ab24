package emulator

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimit is the API's per-user flow control: every access key has a
// token bucket per action, holding Burst tokens and refilled at Rate tokens
// a second in real time. A request that finds its bucket empty is answered
// as the gateway answers it: HTTP 400, Throttling.User, "Request was denied
// due to user flow control.", and an x-ratelimit-user-api header such as
// "Limit:5,Remain:0,TimeLeft:183,Reset:1750000000183", where Limit is Rate
// (requests a second), TimeLeft the milliseconds until the bucket holds a
// token again (rounded up, so waiting that long is enough) and Reset the
// Unix time in milliseconds when it is full again. The SDK reads TimeLeft
// into a ThrottlingError's RetryAfter.
type RateLimit struct {
	// Rate is the requests a second each access key may send to each
	// action; fractions are allowed (1.0/60 is one a minute). 0 is no
	// limit.
	Rate float64
	// Burst is how many requests a rested bucket lets through at once; 0
	// means max(1, ⌈Rate⌉).
	Burst int
	// Shared is the share of every bucket's quota that another client of
	// the same access key spends, from 0 to under 1, as when another tool
	// or pipeline uses the same account: its requests come evenly, Shared
	// × Rate a second from the bucket's first use, and each takes a token
	// if there is one, as the caller's do. The caller has what is left,
	// about (1 − Shared) × Rate, and is throttled by its own rate and the
	// other's together. The other client's requests are not counted.
	Shared float64
}

func (r RateLimit) validate() error {
	switch {
	case math.IsNaN(r.Rate) || math.IsInf(r.Rate, 0) || r.Rate < 0:
		return fmt.Errorf("rate limit %v: must be a number of requests a second, 0 or more", r.Rate)
	case r.Burst < 0:
		return fmt.Errorf("rate limit burst %d: must be 0 (one second's worth) or more", r.Burst)
	case !(r.Shared >= 0 && r.Shared < 1):
		return fmt.Errorf("rate limit share %v spent by another client: must be at least 0 and under 1", r.Shared)
	}
	return nil
}

// size is the bucket's capacity.
func (r RateLimit) size() float64 {
	if r.Burst > 0 {
		return float64(r.Burst)
	}
	return math.Max(1, math.Ceil(r.Rate))
}

// ParseRate reads a rate as a number of requests a second ("5", "0.5") or
// as requests over a period ("10/m", "1/90s", "100/h").
func ParseRate(s string) (float64, error) {
	count, period, hasPeriod := strings.Cut(strings.TrimSpace(s), "/")
	n, err := strconv.ParseFloat(count, 64)
	if err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, fmt.Errorf("rate %q: want requests a second (5, 0.5) or requests over a period (10/m, 1/90s)", s)
	}
	if !hasPeriod {
		return n, nil
	}
	if period == "s" || period == "m" || period == "h" {
		period = "1" + period
	}
	d, err := time.ParseDuration(period)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("rate %q: the period after / must be a positive duration such as s, m, h or 90s", s)
	}
	return n / d.Seconds(), nil
}

// bucket is a token bucket on real time.
type bucket struct {
	rate, size float64
	tokens     float64
	at         time.Time // when tokens was last brought up to date
	// other is the rate of another client's requests, 0 for none, and
	// otherNext when its next one comes.
	other     float64
	otherNext time.Time
}

func newBucket(rate, size float64, now time.Time) *bucket {
	return &bucket{rate: rate, size: size, tokens: size, at: now}
}

// take spends a token, or reports how long until there is one.
func (b *bucket) take(now time.Time) (bool, time.Duration) {
	b.spendOthers(now)
	b.refill(now)
	if b.spend() {
		return true, 0
	}
	return false, b.until(1)
}

func (b *bucket) refill(now time.Time) {
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = math.Min(b.size, b.tokens+elapsed.Seconds()*b.rate)
		b.at = now
	}
}

// spend takes a token if there is one.
func (b *bucket) spend() bool {
	// Refills in steps add up to a hair under the whole token.
	if b.tokens >= 1-1e-9 {
		b.tokens = max(b.tokens-1, 0)
		return true
	}
	return false
}

// spendOthers serves the other client's requests that came by now, in
// order, each taking a token if there is one.
func (b *bucket) spendOthers(now time.Time) {
	if b.other == 0 {
		return
	}
	every := time.Duration(float64(time.Second) / b.other)
	// A bucket left to the other client alone fills up at the rate it
	// leaves, whatever it held: only the requests since it was last full
	// need serving.
	fill := time.Duration(b.size / (b.rate - b.other) * float64(time.Second))
	if skip := now.Sub(b.otherNext) - fill; skip >= every {
		b.otherNext = b.otherNext.Add(skip - skip%every)
		b.refill(b.otherNext)
		b.tokens = b.size
	}
	for !b.otherNext.After(now) {
		b.refill(b.otherNext)
		b.spend()
		b.otherNext = b.otherNext.Add(every)
	}
}

// until is how long until the bucket holds tokens, rounded up to the
// millisecond that the header can say.
func (b *bucket) until(tokens float64) time.Duration {
	ms := math.Ceil((tokens - b.tokens) / b.rate * 1000)
	return time.Duration(max(ms, 0)) * time.Millisecond
}

// header is the x-ratelimit-user-api value of a throttled answer, wait
// being what take returned.
func (b *bucket) header(wait time.Duration) string {
	reset := b.at.Add(b.until(b.size))
	return fmt.Sprintf("Limit:%s,Remain:%d,TimeLeft:%d,Reset:%d",
		strconv.FormatFloat(b.rate, 'f', -1, 64), int(b.tokens), wait.Milliseconds(), reset.UnixMilli())
}

// rateLimiter holds the buckets of a RateLimit, one per access key and
// action, created full on first use.
type rateLimiter struct {
	mu      sync.Mutex
	limit   RateLimit
	buckets map[rateKey]*bucket
}

type rateKey struct{ accessKeyID, action string }

// set replaces the limit; buckets start again full.
func (l *rateLimiter) set(r RateLimit) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit = r
	l.buckets = map[rateKey]*bucket{}
}

// take spends a token of the access key's bucket for action; when there is
// none it returns the header to answer with. It also returns the time it
// decided at, read under the lock so that decisions and times agree in
// order.
func (l *rateLimiter) take(accessKeyID, action string) (ok bool, header string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now = time.Now()
	if l.limit.Rate == 0 {
		return true, "", now
	}
	key := rateKey{accessKeyID, action}
	b, ok := l.buckets[key]
	if !ok {
		b = newBucket(l.limit.Rate, l.limit.size(), now)
		b.other, b.otherNext = l.limit.Shared*l.limit.Rate, now
		l.buckets[key] = b
	}
	if ok, wait := b.take(now); !ok {
		return false, b.header(wait), now
	}
	return true, "", now
}
