// Package emulator is a local Alibaba Cloud Simple Application Server
// OpenAPI endpoint (product SWAS-OPEN, version 2020-06-01) for tests, the
// quick start and offline use; command swas-emulator serves it from a
// fixture (see NewFromFixture).
//
// It speaks the official SDK's RPC wire protocol (the action and version in
// x-acs-* headers or the query, parameters in the query and a form body,
// JSON answers and the API's error bodies) for the actions that Actions
// lists, registered in one table in actions.go: a command run on one
// server and its results, the server's Cloud Assistant agent, and saved
// commands with their runs on fleets (InvokeCommand gives one invoke id for
// all its servers, each run on its server as RunCommand runs one, on its
// own timeline, set by Options.InvokeCommand, SetInvokeCommand or a
// fixture's invokeCommand). It accepts only ACS3-HMAC-SHA256
// signatures, the SDK's default, and checks them, STS tokens and nonces as
// the gateway does; a rejected request never reaches an action.
//
// A Server holds a world of regions, instances and invocations that unfold
// on a Clock (a ManualClock in tests, so that they never sleep): see
// Invocation for the timeline. Each server's agent comes online
// Instance.AgentOnlineAfter after the server starts and goes offline when
// it stops; a command sent to an offline agent never starts (agent.go).
// Options.RateLimit is the API's per-user flow control, optionally with a
// share of each quota spent by another client (RateLimit.Shared). Faults
// inject throttling (at a rate, or of a share of requests drawn at random:
// Fault.ThrottleShare), server errors, latency, dropped or hanging
// connections and hostile bodies; counters tell
// how many requests arrived and how each ended. errors.go lists the error
// codes, each with its source: SWAS's reference, the gateway's, ECS Cloud
// Assistant's, or assumed. Where the reference leaves an answer open (the
// encoding of some fields, a default working directory), Undocumented
// chooses it, so that tests can try each.
//
// Off by default, Options.Scripts runs the shell scripts of RunCommand and
// of InvokeCommand (on each server) for real on this machine, each in a
// process group of its own: see ScriptOptions.
//
// Start serves a Server over HTTP, or over HTTPS (Options.TLS) with a
// certificate of a CA made for the listener, which clients trust through
// SSL_CERT_FILE; HTTP/2 is offered. It counts connections and TLS
// handshakes, and makes each handshake cost a round trip of the latency,
// as a distant region would.
package emulator
