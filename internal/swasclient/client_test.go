package swasclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// callTimeout bounds every call in these tests, so that a retry loop that
// never ends fails the test instead of hanging it.
const callTimeout = 10 * time.Second

// describe sends one DescribeInvocationResult through call.
func describe(ctx context.Context, c *Client, invokeID string) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, err := c.call(ctx, describeInvocationResult, runRegion, map[string]any{
		"RegionId": runRegion, "InstanceId": runInstance, "InvokeId": invokeID,
	})
	return err
}

// TestCallAttempts counts the requests call sends for each kind of failure:
// throttled and transient failures are retried max_retries times, and every
// other failure is final at once.
func TestCallAttempts(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(env *emulatorEnv)
		invoke  string
		kind    ErrorKind
		retried bool
		// throttled is how many of the attempts were throttled.
		throttled int
	}{
		{
			name: "throttled",
			setup: func(env *emulatorEnv) {
				// One token, refilled after a quarter of an hour: the
				// first request takes it, and every later one is throttled.
				// Throttles are the pacer's, not max_retries': the next turn
				// would come after the call's deadline, so it fails at once.
				env.server.SetFault(describeInvocationResult, emulator.Fault{Throttle: 0.001})
				if err := describe(context.Background(), env.client, "t-seeded"); err != nil {
					t.Fatal(err)
				}
				env.server.ResetCounters()
			},
			invoke: "t-seeded", kind: KindThrottled, throttled: 1,
		},
		{
			name:   "service unavailable",
			setup:  func(env *emulatorEnv) { env.server.SetFault("", emulator.Fault{FailRate: 1, FailStatus: 503}) },
			invoke: "t-seeded", kind: KindTransient, retried: true,
		},
		{
			name:   "internal error",
			setup:  func(env *emulatorEnv) { env.server.SetFault("", emulator.Fault{FailRate: 1, FailStatus: 500}) },
			invoke: "t-seeded", kind: KindTransient, retried: true,
		},
		{
			name:   "dropped connection",
			setup:  func(env *emulatorEnv) { env.server.SetFault("", emulator.Fault{DropConnection: true}) },
			invoke: "t-seeded", kind: KindTransient, retried: true,
		},
		{
			name:   "answer cut short",
			setup:  func(env *emulatorEnv) { env.server.SetFault("", emulator.Fault{MalformedBody: true}) },
			invoke: "t-seeded", kind: KindInvalidResponse,
		},
		{
			name:   "unknown invocation",
			invoke: "t-unknown", kind: KindNotFound,
		},
		{
			name: "rejected signature",
			setup: func(env *emulatorEnv) {
				env.server.AddCredential(emulator.Credential{AccessKeyID: "LTAI5tRunCommandTest", AccessKeySecret: "rotated"})
			},
			invoke: "t-seeded", kind: KindAuthentication,
		},
		{
			name:   "missing parameter",
			invoke: "", kind: KindInvalidInput,
		},
	}
	for _, tc := range cases {
		for _, maxRetries := range []int{0, 1, 3} {
			t.Run(fmt.Sprintf("%s/max_retries=%d", tc.name, maxRetries), func(t *testing.T) {
				env := newEmulatorEnv(t, maxRetries, nil)
				env.server.AddInvocation(env.succeeded("t-seeded"))
				if tc.setup != nil {
					tc.setup(env)
				}
				want := 1
				if tc.retried {
					want += maxRetries
				}

				err := describe(context.Background(), env.client, tc.invoke)
				var apiErr *APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("err = %v, want an *APIError", err)
				}
				if apiErr.Kind != tc.kind {
					t.Errorf("kind = %v, want %v (%v)", apiErr.Kind, tc.kind, err)
				}
				if n := env.server.Requests(describeInvocationResult); n != want {
					t.Errorf("%d requests, want %d", n, want)
				}
				if apiErr.Attempts != want || apiErr.Throttles != tc.throttled {
					t.Errorf("Attempts = %d and Throttles = %d, want %d and %d", apiErr.Attempts, apiErr.Throttles, want, tc.throttled)
				}
				if says := strings.Contains(err.Error(), fmt.Sprintf("after %d attempts", want)); says != (want > 1) {
					t.Errorf("error %q: says the attempts = %v, want %v", err, says, want > 1)
				}
			})
		}
	}
}

// TestCallRetriesUntilSuccess: a failure that clears before the retries run
// out is not an error.
func TestCallRetriesUntilSuccess(t *testing.T) {
	for _, tc := range []struct {
		maxRetries, failures int
		wantErr              bool
	}{
		{maxRetries: 0, failures: 0},
		{maxRetries: 0, failures: 1, wantErr: true},
		{maxRetries: 1, failures: 1},
		{maxRetries: 1, failures: 2, wantErr: true},
		{maxRetries: 3, failures: 3},
		{maxRetries: 3, failures: 4, wantErr: true},
	} {
		t.Run(fmt.Sprintf("max_retries=%d/failures=%d", tc.maxRetries, tc.failures), func(t *testing.T) {
			env := newEmulatorEnv(t, tc.maxRetries, nil)
			env.server.AddInvocation(env.succeeded("t-seeded"))
			env.server.SetFault("", emulator.Fault{FailNext: tc.failures})

			err := describe(context.Background(), env.client, "t-seeded")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want an error: %v", err, tc.wantErr)
			}
			want := min(tc.failures+1, tc.maxRetries+1)
			if n := env.server.Requests(describeInvocationResult); n != want {
				t.Errorf("%d requests, want %d", n, want)
			}
		})
	}
}

// TestCallStopsRetryingWhenTheContextEnds: the wait before a retry ends with
// the context, and the error is the failure that was being retried.
func TestCallStopsRetryingWhenTheContextEnds(t *testing.T) {
	env := newEmulatorEnv(t, 3, nil)
	env.client.cfg.Backoff = Backoff{Initial: time.Minute, Max: time.Minute}
	env.server.SetFault("", emulator.Fault{FailRate: 1})

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := describe(ctx, env.client, "t-seeded")
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the call took %s with a 200ms context", elapsed)
	}
	if !IsKind(err, KindTransient) {
		t.Errorf("err = %v, want the transient failure", err)
	}
	if n := env.server.Requests(describeInvocationResult); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestCallWithoutUsableCredentials sends nothing: the failure is the
// credentials', whatever max_retries says.
func TestCallWithoutUsableCredentials(t *testing.T) {
	missing := errors.New("no credentials found")
	for name, configure := range map[string]func(*Config){
		"none":        func(cfg *Config) { cfg.Credential, cfg.CredentialError = nil, missing },
		"unavailable": func(cfg *Config) { cfg.Credential = failingCredential{missing} },
	} {
		t.Run(name, func(t *testing.T) {
			env := newEmulatorEnv(t, 3, nil)
			configure(&env.client.cfg)
			err := describe(context.Background(), env.client, "t-seeded")
			if !IsKind(err, KindCredentials) || !errors.Is(err, missing) {
				t.Errorf("err = %v, want a credentials error wrapping %q", err, missing)
			}
			if n := env.server.TotalRequests(); n != 0 {
				t.Errorf("%d requests sent without credentials", n)
			}
		})
	}
}

// TestCallCancelled: a call whose context has ended sends nothing, and
// says so.
func TestCallCancelled(t *testing.T) {
	env := newEmulatorEnv(t, 3, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := describe(ctx, env.client, "t-seeded")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Kind != KindCancelled || apiErr.Attempts != 0 || !NothingSent(err) {
		t.Errorf("err = %#v, want cancelled before any attempt", err)
	}
	if n := env.server.TotalRequests(); n != 0 {
		t.Errorf("%d requests sent after the context ended", n)
	}
}

// TestNothingSent tells a wait that ended before its first request from
// one that read before, and a command that cannot have started from one
// that may have.
func TestNothingSent(t *testing.T) {
	env := newEmulatorEnv(t, 3, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	_, run := env.client.RunCommand(ctx, shellInput("echo hi"))
	_, wait := env.client.WaitForInvocation(ctx, env.ref("t-seeded"), WaitOptions{Poll: PollSchedule{Min: time.Millisecond, Max: time.Millisecond}})
	_, agent := env.client.WaitForCloudAssistant(ctx, InstanceRef{RegionID: runRegion, InstanceID: runInstance}, PollSchedule{Min: time.Millisecond, Max: time.Millisecond})
	for name, err := range map[string]error{"RunCommand": run, "WaitForInvocation": wait, "WaitForCloudAssistant": agent} {
		if !NothingSent(err) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v: want nothing sent before the deadline", name, err)
		}
	}
	if MayHaveRun(run) {
		t.Error("a RunCommand never sent may have run")
	}
	if n := env.server.TotalRequests(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	cancelled := &APIError{Action: describeInvocationResult, Kind: KindCancelled, Err: context.DeadlineExceeded}
	for name, err := range map[string]error{
		"a wait that read before":  &WaitTimeoutError{Reads: 2, Err: cancelled},
		"an agent read before":     &AgentOfflineError{Reads: 3, Err: cancelled},
		"a request that was sent":  &APIError{Kind: KindCancelled, Attempts: 1, Err: context.DeadlineExceeded},
		"another failure":          &APIError{Kind: KindTransient, Err: io.EOF},
		"a fleet that read before": &CommandWaitTimeoutError{Wait: &WaitTimeoutError{Reads: 2, Err: cancelled}},
	} {
		if NothingSent(err) {
			t.Errorf("%s: nothing sent", name)
		}
	}
	if !NothingSent(&CommandWaitTimeoutError{Wait: &WaitTimeoutError{Reads: 1, Err: cancelled}}) {
		t.Error("a fleet's wait that ended before its first request sent something")
	}
}

func TestNewDefaultsTheBackoff(t *testing.T) {
	if got := New(Config{}).cfg.Backoff; got != DefaultRetryBackoff {
		t.Errorf("the zero Backoff became %+v, want DefaultRetryBackoff", got)
	}
	set := Backoff{Initial: time.Millisecond, Max: time.Second}
	if got := New(Config{Backoff: set}).cfg.Backoff; got != set {
		t.Errorf("Backoff %+v became %+v", set, got)
	}
}

// failingCredential is a credential whose provider cannot fetch anything.
type failingCredential struct{ err error }

func (c failingCredential) GetCredential() (*credentials.CredentialModel, error) { return nil, c.err }
func (c failingCredential) GetAccessKeyId() (*string, error)                     { return nil, c.err }
func (c failingCredential) GetAccessKeySecret() (*string, error)                 { return nil, c.err }
func (c failingCredential) GetSecurityToken() (*string, error)                   { return nil, c.err }
func (c failingCredential) GetBearerToken() *string                              { return nil }
func (c failingCredential) GetType() *string                                     { return nil }

// TestCallGrowsTheRateBackOnAnswersOnly: any answer that is not a throttle,
// an error included, tells the pacer the API was not throttling; a failed
// connection tells it nothing.
func TestCallGrowsTheRateBackOnAnswersOnly(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fault  emulator.Fault
		invoke string
		grows  bool
	}{
		{name: "success", invoke: "t-seeded", grows: true},
		{name: "not found", invoke: "t-unknown", grows: true},
		{name: "dropped connection", fault: emulator.Fault{DropConnection: true}, invoke: "t-seeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newEmulatorEnv(t, 0, nil)
			env.server.AddInvocation(env.succeeded("t-seeded"))
			clock := &fakeClock{t: time.Now()}
			env.client.pacer = newPacerWithClock(clock.now)
			lane := env.client.pacer.lane(laneKey{identity: "LTAI5tRunCommandTest", action: describeInvocationResult}, 0)
			sendAt(lane, clock, 20, 20)
			throttled := lane.throttle(clock.now(), turn{lane: lane, at: clock.now(), epoch: lane.epoch}, 0).rate
			// Long enough after the throttle for the curve to be back at its peak.
			clock.advance(time.Duration(pacerProbeRequests / lane.cubicPeak * float64(time.Second)))
			env.server.SetFault("", tc.fault)
			_ = describe(t.Context(), env.client, tc.invoke)
			if grew := lane.rate > throttled; grew != tc.grows {
				t.Errorf("rate %v after %v: grew = %v, want %v", lane.rate, throttled, grew, tc.grows)
			}
		})
	}
}
