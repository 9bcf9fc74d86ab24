package swasclient

import (
	"context"
	"slices"
	"sync"
	"time"
)

// pollScheduler serves the polls of every wait in the process, so that
// waits share what one request can tell them all. Waits that one request
// answers together form a group (pollKey): the invocations of one server,
// one server's agent, one fleet's invocation. A group reads in rounds: a
// round is one read by the first wait whose schedule is due, and every
// wait of the group takes its answer, whatever its own schedule. The
// requests of rounds go through the pacer like any other, behind users'
// requests, and among themselves the round for the longest wait first:
// of runs alike, the one running longest is the likeliest to have ended.
// There is no loop of its own: each wait's poll loop (poller.go) asks it
// for its next read.
type pollScheduler struct {
	mu     sync.Mutex
	groups map[pollKey]*pollGroup
}

func newPollScheduler() *pollScheduler {
	return &pollScheduler{groups: map[pollKey]*pollGroup{}}
}

// pollKey names the waits that one request can answer: of one access key
// at one endpoint, on one thing.
type pollKey struct {
	identity, endpoint, region string
	// kind is what is waited for, and id which one: a server's
	// invocations, a server's agent, a fleet's invocation.
	kind, id string
}

type pollGroup struct {
	members []*pollMember
	// running is the round in progress, and latest the last one answered.
	running, latest *pollRound
	// changed is closed, and replaced, when a round ends.
	changed chan struct{}
}

func (g *pollGroup) signal() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// pollRound is one read for a group: what it answered, or its failure.
type pollRound struct {
	answer any
	err    error
}

// pollMember is one wait in its group.
type pollMember struct {
	s   *pollScheduler
	key pollKey
	g   *pollGroup
	// id is what the wait waits for within the group: an invoke id, say.
	id       string
	since    time.Time
	schedule PollSchedule
	// due is when the wait wants its next read, and seen the last round
	// it read.
	due  time.Time
	seen *pollRound
}

// roundFunc reads what answers the waits of a group, given their ids.
type roundFunc func(ctx context.Context, ids []string) (any, error)

// join adds a wait to its group; its first read is due at once.
func (s *pollScheduler) join(key pollKey, id string, schedule PollSchedule) *pollMember {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[key]
	if g == nil {
		g = &pollGroup{changed: make(chan struct{})}
		s.groups[key] = g
	}
	now := time.Now()
	m := &pollMember{s: s, key: key, g: g, id: id, since: now, schedule: schedule, due: now, seen: g.latest}
	g.members = append(g.members, m)
	return m
}

// leave takes the wait out of its group, and the group out of the
// scheduler when it was the last.
func (m *pollMember) leave() {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	m.g.members = slices.DeleteFunc(m.g.members, func(other *pollMember) bool { return other == m })
	if len(m.g.members) == 0 {
		delete(m.s.groups, m.key)
	}
}

// next returns the wait's next read: a round of its group answered since
// its last one, or else, once its schedule is due and no round is under
// way, a round it reads itself with read. It fails only when ctx ends
// while it waits; a round that failed because ctx ended is returned to
// the wait that read it, and to no other.
func (m *pollMember) next(ctx context.Context, read roundFunc) (*pollRound, error) {
	s, g := m.s, m.g
	s.mu.Lock()
	for {
		now := time.Now()
		if g.latest != m.seen {
			m.seen = g.latest
			m.due = now.Add(m.schedule.next(now.Sub(m.since)))
			s.mu.Unlock()
			return m.seen, nil
		}
		if g.running == nil && !now.Before(m.due) {
			r := &pollRound{}
			g.running = r
			ids, since := g.waiting()
			s.mu.Unlock()
			r.answer, r.err = read(withPollPlace(ctx, since), ids)
			s.mu.Lock()
			g.running = nil
			g.signal()
			if r.err != nil && ctx.Err() != nil {
				s.mu.Unlock()
				// The failure is this wait's alone to read: its context ended.
				return r, nil //nolint:nilerr // the round's failure is in r
			}
			g.latest = r
			continue
		}
		// Wait for the round under way to end, or for the schedule.
		wait := m.due.Sub(now)
		if g.running != nil {
			wait = -1
		}
		changed := g.changed
		s.mu.Unlock()
		if err := sleepUnless(ctx, wait, changed); err != nil {
			return nil, err
		}
		s.mu.Lock()
	}
}

// waiting returns the ids the group's waits wait for, and when the
// longest of them began.
func (g *pollGroup) waiting() ([]string, time.Time) {
	var ids []string
	var since time.Time
	for _, m := range g.members {
		ids = append(ids, m.id)
		if since.IsZero() || m.since.Before(since) {
			since = m.since
		}
	}
	return ids, since
}

// pollKey is the group of this client's waits on kind id in region; the
// action is the one whose failure a missing credential is reported as.
func (c *Client) pollKey(action, region, kind, id string) (pollKey, error) {
	identity, err := c.identity(action)
	if err != nil {
		return pollKey{}, err
	}
	key := pollKey{identity: identity, region: region, kind: kind, id: id}
	if c.cfg.Endpoint != nil {
		key.endpoint = c.cfg.Endpoint.String()
	}
	return key, nil
}

type pollPlaceKey struct{}

// withPollPlace marks the requests of a poll round, with when the longest
// wait it answers began: their place in the pacer's line.
func withPollPlace(ctx context.Context, since time.Time) context.Context {
	return context.WithValue(ctx, pollPlaceKey{}, since)
}

// placeIn is the place in line of a call made with ctx at now.
func placeIn(ctx context.Context, now time.Time) place {
	if since, ok := ctx.Value(pollPlaceKey{}).(time.Time); ok {
		return place{poll: true, since: since}
	}
	return place{since: now}
}
