package swasclient

import (
	"context"
	"time"
)

// poller is the one loop behind every wait: it reads until a value is
// final or ctx ends, spaced by schedule.
type poller[T any] struct {
	schedule PollSchedule
	// notFoundGrace is how long a not-found answer is read again while
	// nothing has been read yet: what was just started may not be visible
	// at once.
	notFoundGrace time.Duration
	read          func() (*T, error)
	final         func(*T) bool
	// stopped is the error when ctx ends first, with the last value read
	// (nil if none was) and why the wait stopped.
	stopped func(last *T, reads int, waited time.Duration, err error) error
}

func (p poller[T]) run(ctx context.Context) (*T, error) {
	start := time.Now()
	var last *T
	for reads := 1; ; reads++ {
		value, err := p.read()
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
		if !sleep(ctx, p.schedule.next(time.Since(start))) {
			return nil, p.stopped(last, reads, time.Since(start), ctx.Err())
		}
	}
}
