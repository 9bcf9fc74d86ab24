package swasclient

import (
	"context"
	"time"
)

// poller is the one loop behind every wait: it reads until a value is
// final or ctx ends. The process's poll scheduler gives it each read, on
// the wait's schedule or sooner, shared with the waits of its group.
type poller[T any] struct {
	polls    *pollScheduler
	key      pollKey
	id       string
	schedule PollSchedule
	// notFoundGrace is how long a not-found answer is read again while
	// nothing has been read yet: what was just started may not be visible
	// at once.
	notFoundGrace time.Duration
	// round reads, once for every wait of the group, what answers them.
	round roundFunc
	// read is this wait's value from a round's answer, or the round's
	// failure; it may call the API for what the round did not tell.
	read  func(answer any, err error) (*T, error)
	final func(*T) bool
	// watch, when set, sees every value read, the final one included.
	watch func(*T)
	// stopped is the error when ctx ends first, with the last value read
	// (nil if none was) and why the wait stopped.
	stopped func(last *T, reads int, waited time.Duration, err error) error
}

func (p poller[T]) run(ctx context.Context) (*T, error) {
	start := time.Now()
	member := p.polls.join(p.key, p.id, p.schedule)
	defer member.leave()
	var last *T
	for reads := 1; ; reads++ {
		round, err := member.next(ctx, p.round)
		if err != nil {
			return nil, p.stopped(last, reads-1, time.Since(start), err)
		}
		value, err := p.read(round.answer, round.err)
		if err == nil && p.watch != nil {
			p.watch(value)
		}
		if err == nil && p.final(value) {
			return value, nil
		}
		if err == nil {
			last = value
		} else if ctx.Err() != nil {
			return nil, p.stopped(last, reads, time.Since(start), err)
		} else if !IsKind(err, KindNotFound) || last != nil || time.Since(start) >= p.notFoundGrace {
			return nil, err
		}
	}
}
