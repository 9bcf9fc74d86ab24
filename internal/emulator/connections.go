package emulator

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// connCounters count what a Listener's clients cost beside requests: the
// connections they opened, the TLS handshakes they began, and the
// connections still open.
type connCounters struct {
	mu                     sync.Mutex
	opened, handshakes, up int
}

// changed follows http.Server's ConnState.
func (c *connCounters) changed(state http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch state {
	case http.StateNew:
		c.opened++
		c.up++
	case http.StateClosed, http.StateHijacked:
		c.up--
	}
}

func (c *connCounters) handshake() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handshakes++
}

func (c *connCounters) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.opened, c.handshakes = 0, 0
}

// Connections returns how many connections clients opened to the
// listeners serving s (Start); an HTTP/1.1 client needs one for each
// request in flight, an HTTP/2 client one for all.
func (s *Server) Connections() int {
	s.conns.mu.Lock()
	defer s.conns.mu.Unlock()
	return s.conns.opened
}

// TLSHandshakes returns how many TLS handshakes clients began with the
// listeners serving s, whether or not they then trusted the certificate.
func (s *Server) TLSHandshakes() int {
	s.conns.mu.Lock()
	defer s.conns.mu.Unlock()
	return s.conns.handshakes
}

// OpenConnections returns how many connections to the listeners serving s
// are open now, idle ones included.
func (s *Server) OpenConnections() int {
	s.conns.mu.Lock()
	defer s.conns.mu.Unlock()
	return s.conns.up
}

// roundTrip is one round trip between client and server: the latency of
// every answer (SetLatency), without the faults'.
func (s *Server) roundTrip() time.Duration {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.latency.draw()
}

// distantListener makes every connection pay the TCP handshake's round
// trip, which loopback would make free: the server reads nothing from a
// new connection until a round trip has passed.
type distantListener struct {
	net.Listener
	s *Server
}

func (l distantListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &distantConn{Conn: c, delay: l.s.roundTrip(), closed: make(chan struct{})}, nil
}

type distantConn struct {
	net.Conn
	delay     time.Duration
	handshake sync.Once
	closeOnce sync.Once
	closed    chan struct{}
}

func (c *distantConn) Read(b []byte) (int, error) {
	var err error
	c.handshake.Do(func() {
		if c.delay <= 0 {
			return
		}
		t := time.NewTimer(c.delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-c.closed:
			err = net.ErrClosed
		}
	})
	if err != nil {
		return 0, err
	}
	return c.Conn.Read(b)
}

func (c *distantConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// wait sleeps for d, or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// logWriter sends what the http.Server logs to Options.Logf.
type logWriter func(format string, args ...any)

func (w logWriter) Write(b []byte) (int, error) {
	w("%s", strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}
