package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// maxBodyBytes bounds form bodies; SWAS requests are far smaller.
const maxBodyBytes = 1 << 20

// Options configure a Server.
type Options struct {
	// Clock is the world clock; nil means real time.
	Clock Clock
	// Regions the server knows; empty means DefaultRegions.
	Regions []string
	// Credentials accepted from the start; more can be added later.
	Credentials []Credential
	// MaxClockSkew is how far x-acs-date may be from real time, and how
	// long nonces are remembered; zero means DefaultMaxClockSkew.
	MaxClockSkew time.Duration
	// RunCommand, if set, may change the invocation RunCommand is about to
	// start (timeline, final status, output...). It receives the request's
	// fields and DefaultPendingFor/DefaultRunningFor, ending in Success.
	RunCommand func(*Invocation)
	// InvokeCommand, if set, may change each server's invocation that
	// InvokeCommand is about to start, as RunCommand does for RunCommand;
	// SetInvokeCommand replaces it.
	InvokeCommand func(*Invocation)
	// Logf, if set, receives one line per request.
	Logf func(format string, args ...any)
	// RateLimit is the per-user flow control; the zero value is none.
	RateLimit RateLimit
	// Latency delays every answer, plus a uniformly random 0 to
	// LatencyJitter, so that clients see round trips like a region's
	// (real time). Fault.Latency adds to it. A listener (Start) makes new
	// connections pay it too: one round trip for the TCP handshake, one
	// more for TLS's.
	Latency, LatencyJitter time.Duration
	// Scripts runs RunShellScript commands for real, RunCommand's and
	// InvokeCommand's; off unless Enabled. Options.RunCommand and
	// InvokeCommand then apply only to the instances it does not allow.
	// Call Close to end them.
	Scripts ScriptOptions
	// Undocumented chooses the answers SWAS's reference leaves open.
	Undocumented Undocumented
	// TLS makes Start serve HTTPS, with a certificate for loopback and the
	// address it listens on, signed by a CA generated for the listener
	// (Listener.CA), which clients trust through SSL_CERT_FILE. HTTP/2 is
	// offered, as by the real API's gateway, unless HTTP1Only.
	TLS, HTTP1Only bool
}

// Server is an emulated SWAS-OPEN endpoint. It is an http.Handler and is
// safe for concurrent use.
type Server struct {
	clock        Clock
	logf         func(string, ...any)
	onRunCommand func(*Invocation)
	auth         *authenticator
	world        *world
	faults       *faults
	limiter      *rateLimiter
	counters     *counters
	scripts      *scriptRunner // nil unless Options.Scripts.Enabled
	commands     *commandStore
	conns        *connCounters
	undocumented Undocumented
	tls          bool
	http1Only    bool
}

// New returns a Server configured by opts. It panics if the rate limit or
// the latency is negative, or if scripts are enabled and their directory
// cannot be made.
func New(opts Options) *Server {
	s := &Server{
		clock:        opts.Clock,
		logf:         opts.Logf,
		onRunCommand: opts.RunCommand,
		faults:       newFaults(),
		limiter:      &rateLimiter{},
		counters:     newCounters(),
		commands:     newCommandStore(),
		conns:        &connCounters{},
		undocumented: opts.Undocumented,
		tls:          opts.TLS,
		http1Only:    opts.HTTP1Only,
	}
	s.commands.onInvoke = opts.InvokeCommand
	s.SetRateLimit(opts.RateLimit)
	s.SetLatency(opts.Latency, opts.LatencyJitter)
	if s.clock == nil {
		s.clock = realClock{}
	}
	if s.logf == nil {
		s.logf = func(string, ...any) {}
	}
	regions := opts.Regions
	if len(regions) == 0 {
		regions = DefaultRegions
	}
	s.world = newWorld(regions)
	skew := opts.MaxClockSkew
	if skew == 0 {
		skew = DefaultMaxClockSkew
	}
	s.auth = newAuthenticator(s.clock, skew)
	if opts.Scripts.Enabled {
		r, err := newScriptRunner(opts.Scripts, s.clock, s.logf)
		if err != nil {
			panic("emulator: " + err.Error())
		}
		s.scripts = r
	}
	for _, c := range opts.Credentials {
		s.AddCredential(c)
	}
	return s
}

// AddCredential adds or replaces an access key.
func (s *Server) AddCredential(c Credential) { s.auth.add(c) }

// Credentials returns the accepted access keys, sorted by ID.
func (s *Server) Credentials() []Credential {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	out := slices.Collect(maps.Values(s.auth.creds))
	slices.SortFunc(out, func(a, b Credential) int { return strings.Compare(a.AccessKeyID, b.AccessKeyID) })
	return out
}

// lockWorld locks the world for one request at the clock's time, after
// forgetting what has expired by then; it returns that time and the unlock.
func (s *Server) lockWorld() (time.Time, func()) {
	now := s.clock.Now()
	s.world.mu.Lock()
	s.world.expire(now)
	return now, s.world.mu.Unlock
}

// lockInstance is lockWorld for a request about the instance its RegionId
// and InstanceId name. On an error the world is left unlocked.
func (s *Server) lockInstance(p params) (Instance, time.Time, func(), *apiError) {
	now, unlock := s.lockWorld()
	in, err := s.world.instance(p["RegionId"], p["InstanceId"])
	if err != nil {
		unlock()
		return Instance{}, now, nil, err
	}
	return in, now, unlock, nil
}

// Regions returns the known regions, sorted.
func (s *Server) Regions() []string {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	return slices.Sorted(maps.Keys(s.world.regions))
}

// AddInstance adds or replaces an instance. It panics if the instance is
// invalid (no ID, unknown region, unknown status).
func (s *Server) AddInstance(in Instance) {
	if err := s.world.addInstance(in, s.clock.Now()); err != nil {
		panic("emulator: " + err.Error())
	}
}

// SetInstanceStatus changes an instance's status. It panics if the instance
// does not exist or the status is unknown.
func (s *Server) SetInstanceStatus(id, status string) {
	if err := s.world.setInstanceStatus(id, status, s.clock.Now()); err != nil {
		panic("emulator: " + err.Error())
	}
}

// AddInvocation seeds an invocation and returns its InvokeID (generated if
// empty). It panics if the invocation is invalid: unknown instance, unknown
// FinalStatus, negative durations or a duplicate ID.
func (s *Server) AddInvocation(inv Invocation) string {
	id, err := s.world.addInvocation(inv, s.clock.Now())
	if err != nil {
		panic("emulator: " + err.Error())
	}
	return id
}

// SetFault injects f into requests of action; "" means every action. It
// replaces the action's previous fault and resets its counters.
func (s *Server) SetFault(action string, f Fault) { s.faults.set(action, f) }

// ClearFaults removes every fault; the rate limit and the latency of every
// answer stay.
func (s *Server) ClearFaults() { s.faults.clear() }

// SetRateLimit replaces the per-user flow control; every bucket starts
// again full. It panics if r is invalid (negative, NaN or infinite).
func (s *Server) SetRateLimit(r RateLimit) {
	if err := r.validate(); err != nil {
		panic("emulator: " + err.Error())
	}
	s.limiter.set(r)
}

// SetLatency delays every answer by fixed plus a uniformly random 0 to
// jitter. It panics if either is negative.
func (s *Server) SetLatency(fixed, jitter time.Duration) {
	l := latency{fixed, jitter}
	if err := l.validate(); err != nil {
		panic("emulator: " + err.Error())
	}
	s.faults.setLatency(l)
}

// AdvanceClockOnRequest advances the world clock by step whenever a request
// of action ("" means every action) arrives, before it is served: a command
// can finish while a client polls. A zero step turns it off. It panics if
// the world clock cannot advance (use a *ManualClock).
func (s *Server) AdvanceClockOnRequest(action string, step time.Duration) {
	if _, ok := s.clock.(advancer); !ok {
		panic("emulator: AdvanceClockOnRequest needs a clock with Advance, such as *ManualClock")
	}
	s.faults.setStep(action, step)
}

// Requests returns how many requests named action arrived (whatever their
// outcome; "" counts requests naming no action).
func (s *Server) Requests(action string) int {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	return s.counters.byAction[action]
}

// TotalRequests returns how many requests arrived.
func (s *Server) TotalRequests() int {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	return s.counters.total
}

// RequestsWithOutcome returns how many requests ended with outcome: OutcomeOK,
// an error Code such as "Throttling.User", OutcomeDropped, OutcomeHung,
// OutcomeMalformed, OutcomeCanceled or OutcomeRawBody. Hanging requests count
// once they end.
func (s *Server) RequestsWithOutcome(outcome string) int {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	return s.counters.byOutcome[outcome]
}

// ActionRequestsWithOutcome returns how many requests of action ended
// with outcome, e.g. how many DescribeInvocationResult requests were
// throttled ("Throttling.User").
func (s *Server) ActionRequestsWithOutcome(action, outcome string) int {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	return s.counters.outcomes[actionOutcome{action, outcome}]
}

// AdmittedAt returns when requests of action were admitted past flow
// control (authenticated, and neither RateLimit nor Fault.Throttle
// refused them), in order, on real time: at least the most recent
// 100,000.
func (s *Server) AdmittedAt(action string) []time.Time {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	return slices.Clone(s.counters.admitted[action])
}

// MaxAdmittedIn returns the most requests of action admitted within any
// window of that length: with a window of a second, the peak requests a
// second a client achieved.
func (s *Server) MaxAdmittedIn(action string, window time.Duration) int {
	return s.counters.maxIn(action, window)
}

// ResetCounters sets every counter to zero, connections and handshakes
// included, and forgets admission times.
func (s *Server) ResetCounters() {
	s.counters.reset()
	s.conns.reset()
}

// ServeHTTP serves one SWAS OpenAPI RPC request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	p, paramErr := requestParams(r, body)
	if readErr != nil {
		paramErr = errInvalidParam("body", "unreadable or larger than 1 MiB")
	}
	action := r.Header.Get("x-acs-action")
	if action == "" {
		action = p["Action"]
	}
	s.counters.arrived(action)
	x := &exchange{s: s, w: w, r: r, action: action, requestID: newRequestID()}
	x.serve(p, body, paramErr)
}

// exchange is one request being answered.
type exchange struct {
	s         *Server
	w         http.ResponseWriter
	r         *http.Request
	action    string
	requestID string
	malformed bool
}

func (x *exchange) serve(p params, body []byte, paramErr *apiError) {
	s := x.s
	if adv, ok := s.clock.(advancer); ok {
		adv.Advance(s.faults.step(x.action))
	}
	pl := s.faults.plan(x.action)
	x.malformed = pl.malformed
	if x.misbehave(pl) {
		return
	}
	handler, accessKeyID, err := x.check(p, body, paramErr)
	if err != nil {
		x.fail(err)
		return
	}
	if ok, header := x.admit(accessKeyID); !ok {
		if header != "" {
			x.w.Header().Set("x-ratelimit-user-api", header)
		}
		x.fail(errThrottled())
		return
	}
	if pl.body != "" {
		x.writeRaw(pl.body)
		return
	}
	resp, err := handler(s, p, x.requestID)
	if err != nil {
		x.fail(err)
		return
	}
	x.write(http.StatusOK, resp, OutcomeOK)
}

// misbehave waits out the latency and carries out the faults that come
// before authentication. It reports whether the request is over.
func (x *exchange) misbehave(pl plan) bool {
	if pl.latency > 0 {
		t := time.NewTimer(pl.latency)
		select {
		case <-t.C:
		case <-x.r.Context().Done():
			t.Stop()
			x.finish(OutcomeCanceled, 0)
			dropConnection(x.w)
			return true
		}
	}
	switch {
	case pl.hang:
		<-x.r.Context().Done()
		x.finish(OutcomeHung, 0)
		// Returning would send an empty 200 when Close ends the wait.
		dropConnection(x.w)
		return true
	case pl.drop:
		x.finish(OutcomeDropped, 0)
		dropConnection(x.w)
		return true
	case pl.failStatus != 0:
		x.fail(errServer(pl.failStatus))
		return true
	}
	return false
}

// check authenticates and routes the request: it returns the action's
// handler and the access key that signed it.
func (x *exchange) check(p params, body []byte, paramErr *apiError) (actionFunc, string, *apiError) {
	if x.r.Method != http.MethodPost && x.r.Method != http.MethodGet {
		return nil, "", newError(http.StatusBadRequest, "UnsupportedHTTPMethod", "This http method is not supported.")
	}
	accessKeyID, err := x.s.auth.authenticate(x.r, body)
	if err != nil {
		return nil, "", err
	}
	if paramErr != nil {
		return nil, "", paramErr
	}
	version := x.r.Header.Get("x-acs-version")
	if version == "" {
		version = p["Version"]
	}
	switch {
	case x.action == "":
		return nil, "", errMissing("Action")
	case version == "":
		return nil, "", errMissing("Version")
	case version != APIVersion:
		return nil, "", newError(http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
	}
	handler, ok := actions[x.action]
	if !ok {
		return nil, "", newError(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
	}
	return handler, accessKeyID, nil
}

// admit is flow control: the access key's RateLimit, then Fault.Throttle
// and Fault.ThrottleShare. When one refuses, it returns the header to
// answer with, "" for none.
func (x *exchange) admit(accessKeyID string) (bool, string) {
	ok, header, now := x.s.limiter.take(accessKeyID, x.action)
	if !ok {
		return false, header
	}
	if ok, header := x.s.faults.throttle(x.action, now); !ok {
		return false, header
	}
	x.s.counters.admit(x.action, now)
	return true, ""
}

// fail answers with the API's error body.
func (x *exchange) fail(e *apiError) {
	x.write(e.status, struct {
		RequestID string `json:"RequestId"`
		HostID    string `json:"HostId"`
		Code      string `json:"Code"`
		Message   string `json:"Message"`
		Recommend string `json:"Recommend"`
	}{
		RequestID: x.requestID,
		HostID:    x.r.Host,
		Code:      e.code,
		Message:   e.message,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(e.code) + "&product=SWAS-OPEN&requestId=" + x.requestID,
	}, e.code)
}

func (x *exchange) write(status int, v any, outcome string) {
	// Like the API, keep "&" and "<" literal (Recommend URLs, outputs).
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// Cannot fail: AddInvocation rejects Parameters that do not marshal.
	_ = enc.Encode(v)
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if x.malformed {
		b, outcome = b[:len(b)/2], OutcomeMalformed
	}
	x.send(status, b, outcome)
}

// writeRaw answers with a body chosen by a fault.
func (x *exchange) writeRaw(body string) {
	x.send(http.StatusOK, []byte(body), OutcomeRawBody)
}

func (x *exchange) send(status int, b []byte, outcome string) {
	h := x.w.Header()
	h.Set("Content-Type", "application/json;charset=utf-8")
	h.Set("x-acs-request-id", x.requestID)
	x.w.WriteHeader(status)
	_, _ = x.w.Write(b) // the client may be gone; nothing to do about it
	x.finish(outcome, status)
}

func (x *exchange) finish(outcome string, status int) {
	x.s.counters.finished(x.action, outcome)
	x.s.logf("swas-emulator: %s %s -> %d %s (request %s)", x.r.Method, x.action, status, outcome, x.requestID)
}

// dropConnection closes the connection without a response.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// HTTP/2 cannot hijack; aborting the handler resets the stream instead.
	panic(http.ErrAbortHandler)
}

// requestParams merges the query string with a form body; the query wins,
// as only it is covered by the canonical query string.
func requestParams(r *http.Request, body []byte) (params, *apiError) {
	p := params{}
	for k, v := range r.URL.Query() {
		p[k] = v[0]
	}
	if len(body) == 0 {
		return p, nil
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return p, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return p, errInvalidParam("body", "not a valid form")
	}
	for k, v := range form {
		if _, ok := p[k]; !ok {
			p[k] = v[0]
		}
	}
	return p, nil
}

// newRequestID returns an ID shaped like the API's, e.g.
// 20758A58-585D-4A41-A9B2-28DA8F4F1234.
func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Listener is a Server listening on a TCP address.
type Listener struct {
	// URL is the endpoint, e.g. http://127.0.0.1:41234, or https://... with
	// Options.TLS.
	URL string
	// Addr is host:port, what the SDK's Config.Endpoint wants (with
	// Protocol "HTTP", or "HTTPS" with Options.TLS).
	Addr string
	// CA signed the listener's certificate with Options.TLS; nil otherwise.
	CA *CA

	srv    *http.Server
	cancel context.CancelFunc
}

// Start serves s on addr ("" means 127.0.0.1 on a free port) until Close,
// over HTTPS if s was made with Options.TLS. It counts connections and
// handshakes, and makes them cost the latency of s: on loopback they would
// be free.
func Start(s *Server, addr string) (*Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ca *CA
	var cert tls.Certificate
	if s.tls {
		var err error
		if ca, err = NewCA(); err != nil {
			return nil, err
		}
		// Issued before listening, so that a failure leaves nothing open.
		if cert, err = ca.issue(certificateHosts(addr)); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	// Hanging requests wait on their context; cancelling the base context
	// lets Close end them.
	ctx, cancel := context.WithCancel(context.Background())
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 30 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ConnState:         func(_ net.Conn, state http.ConnState) { s.conns.changed(state) },
		// Handshakes that clients refused, among others, go to the log.
		ErrorLog: log.New(logWriter(s.logf), "swas-emulator: ", 0),
	}
	l := &Listener{URL: "http://" + ln.Addr().String(), Addr: ln.Addr().String(), CA: ca, srv: srv, cancel: cancel}
	distant := distantListener{Listener: ln, s: s}
	if ca == nil {
		go func() { _ = srv.Serve(distant) }() // returns ErrServerClosed on Close
		return l, nil
	}
	srv.TLSConfig = s.tlsConfig(cert)
	if s.http1Only {
		srv.Protocols = new(http.Protocols)
		srv.Protocols.SetHTTP1(true)
	}
	l.URL = "https://" + l.Addr
	go func() { _ = srv.ServeTLS(distant, "", "") }()
	return l, nil
}

// Close stops listening, ends hanging requests and waits up to five seconds
// for requests in flight.
func (l *Listener) Close() {
	l.cancel()
	ctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	if l.srv.Shutdown(ctx) != nil {
		l.srv.Close()
	}
}
