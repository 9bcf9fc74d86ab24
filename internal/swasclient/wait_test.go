package swasclient

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// quickPolls reads again a millisecond after each read.
var quickPolls = PollSchedule{Min: time.Millisecond, Max: time.Millisecond}

// waitFor waits for invokeID within callTimeout.
func waitFor(env *emulatorEnv, invokeID string, opts WaitOptions) (*InvocationResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return env.client.WaitForInvocation(ctx, env.ref(invokeID), opts)
}

// reads is how many times the emulator was asked for a result.
func (env *emulatorEnv) reads() int { return env.server.Requests(describeInvocationResult) }

// TestWaitForInvocationPollsUntilFinal reads through Pending, Running and
// Stopping, and returns the final result.
func TestWaitForInvocationPollsUntilFinal(t *testing.T) {
	for _, tc := range []struct {
		name     string
		inv      emulator.Invocation
		statuses []string // what each read sees, the clock moving 15s before each
	}{
		{
			name:     "success",
			inv:      emulator.Invocation{PendingFor: 30 * time.Second, RunningFor: 30 * time.Second},
			statuses: []string{StatusPending, StatusRunning, StatusRunning, StatusSuccess},
		},
		{
			name: "terminated",
			inv: emulator.Invocation{RunningFor: 30 * time.Second, StoppingFor: 30 * time.Second,
				FinalStatus: emulator.StatusTerminated},
			statuses: []string{StatusRunning, StatusStopping, StatusStopping, StatusTerminated},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newEmulatorEnv(t, 0, nil)
			env.server.AdvanceClockOnRequest(describeInvocationResult, 15*time.Second)
			inv := tc.inv
			inv.InvokeID, inv.InstanceID, inv.CreatedAt = "t-waited", runInstance, worldStart
			env.server.AddInvocation(inv)

			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			defer cancel()
			var watched []string
			result, err := env.client.WaitForInvocationWatched(ctx, env.ref("t-waited"), WaitOptions{Poll: quickPolls},
				func(r *InvocationResult) { watched = append(watched, r.InvocationStatus) })
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(watched, ",") != strings.Join(tc.statuses, ",") {
				t.Errorf("watched %v, want every read: %v", watched, tc.statuses)
			}
			want := tc.statuses[len(tc.statuses)-1]
			if result.InvocationStatus != want || result.InvokeID != "t-waited" {
				t.Errorf("result = %+v, want %s", result, want)
			}
			if n := env.reads(); n != len(tc.statuses) {
				t.Errorf("%d reads, want %d: %v", n, len(tc.statuses), tc.statuses)
			}
		})
	}
}

// TestWaitForInvocationNotFound: an invoke id not visible yet is read again
// during the grace period, and only then.
func TestWaitForInvocationNotFound(t *testing.T) {
	t.Run("found within the grace period", func(t *testing.T) {
		var env *emulatorEnv
		env = newEmulatorEnv(t, 0, func(_ *http.Request, n int) {
			if n == 3 {
				env.server.AddInvocation(env.succeeded("t-late"))
			}
		})
		result, err := waitFor(env, "t-late", WaitOptions{Poll: quickPolls, NotFoundGrace: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if result.InvocationStatus != StatusSuccess {
			t.Errorf("status = %s, want Success", result.InvocationStatus)
		}
		if n := env.reads(); n != 3 {
			t.Errorf("%d reads, want 3 (two not found, then found)", n)
		}
	})

	t.Run("past the grace period", func(t *testing.T) {
		env := newEmulatorEnv(t, 0, nil)
		const grace = 100 * time.Millisecond
		start := time.Now()
		_, err := waitFor(env, "t-never", WaitOptions{Poll: quickPolls, NotFoundGrace: grace})
		if !IsKind(err, KindNotFound) {
			t.Fatalf("err = %v, want not found", err)
		}
		if elapsed := time.Since(start); elapsed < grace || elapsed > 5*time.Second {
			t.Errorf("gave up after %s, want just past the %s grace", elapsed, grace)
		}
		if n := env.reads(); n < 2 {
			t.Errorf("%d reads, want the id read again during the grace period", n)
		}
	})

	t.Run("no grace period", func(t *testing.T) {
		env := newEmulatorEnv(t, 0, nil)
		_, err := waitFor(env, "t-never", WaitOptions{Poll: quickPolls})
		if !IsKind(err, KindNotFound) {
			t.Fatalf("err = %v, want not found", err)
		}
		if n := env.reads(); n != 1 {
			t.Errorf("%d reads, want 1", n)
		}
	})

	t.Run("after a result was read", func(t *testing.T) {
		// The run is seen running, then the API forgets it: that is not a
		// run still becoming visible, so the grace period does not apply.
		var env *emulatorEnv
		env = newEmulatorEnv(t, 0, func(_ *http.Request, n int) {
			if n == 2 {
				env.clock.Advance(emulator.Retention + time.Hour)
			}
		})
		env.server.AddInvocation(emulator.Invocation{InvokeID: "t-forgotten", InstanceID: runInstance, RunningFor: time.Hour})
		_, err := waitFor(env, "t-forgotten", WaitOptions{Poll: quickPolls, NotFoundGrace: time.Minute})
		var timeout *WaitTimeoutError
		if !IsKind(err, KindNotFound) || errors.As(err, &timeout) {
			t.Fatalf("err = %v, want not found at once", err)
		}
		if n := env.reads(); n != 2 {
			t.Errorf("%d reads, want 2 (running, then not found)", n)
		}
	})
}

// TestWaitForInvocationOtherFailures are final at once, whatever the grace.
func TestWaitForInvocationOtherFailures(t *testing.T) {
	env := newEmulatorEnv(t, 0, nil)
	env.server.AddInvocation(env.succeeded("t-seeded"))
	env.server.SetFault("", emulator.Fault{FailRate: 1})
	_, err := waitFor(env, "t-seeded", WaitOptions{Poll: quickPolls, NotFoundGrace: time.Minute})
	if !IsKind(err, KindTransient) {
		t.Fatalf("err = %v, want the transient failure", err)
	}
	if n := env.reads(); n != 1 {
		t.Errorf("%d reads, want 1", n)
	}
}

// TestWaitForInvocationTimesOut: when the context ends, the error says what
// was last read, how often, and wraps the context's error.
func TestWaitForInvocationTimesOut(t *testing.T) {
	t.Run("during a read", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		env := newEmulatorEnv(t, 0, func(r *http.Request, n int) {
			if n == 3 {
				// Cancel while this read is in flight, and answer nothing.
				cancel()
				<-r.Context().Done()
			}
		})
		env.server.AddInvocation(emulator.Invocation{InvokeID: "t-long", InstanceID: runInstance, RunningFor: time.Hour})

		_, err := env.client.WaitForInvocation(ctx, env.ref("t-long"), WaitOptions{Poll: quickPolls})
		var timeout *WaitTimeoutError
		if !errors.As(err, &timeout) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want a WaitTimeoutError wrapping context.Canceled", err)
		}
		if timeout.Reads != 3 || timeout.Last == nil || timeout.Last.InvocationStatus != StatusRunning {
			t.Errorf("timeout = %+v, want 3 reads and the last one Running", timeout)
		}
		if msg := err.Error(); !strings.Contains(msg, "t-long was still Running") || !strings.Contains(msg, "(3 reads)") {
			t.Errorf("Error() = %q", msg)
		}
	})

	t.Run("between reads", func(t *testing.T) {
		env := newEmulatorEnv(t, 0, nil)
		env.server.AddInvocation(emulator.Invocation{InvokeID: "t-long", InstanceID: runInstance, RunningFor: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		slowPolls := PollSchedule{Min: time.Minute, Max: time.Minute}

		_, err := env.client.WaitForInvocation(ctx, env.ref("t-long"), WaitOptions{Poll: slowPolls})
		var timeout *WaitTimeoutError
		if !errors.As(err, &timeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a WaitTimeoutError wrapping context.DeadlineExceeded", err)
		}
		if timeout.Reads != 1 || timeout.Last == nil || timeout.Last.InvocationStatus != StatusRunning {
			t.Errorf("timeout = %+v, want 1 read, Running", timeout)
		}
		if timeout.Waited < 400*time.Millisecond || timeout.Waited > 5*time.Second {
			t.Errorf("Waited = %s for a 500ms context", timeout.Waited)
		}
	})

	t.Run("before any answer", func(t *testing.T) {
		env := newEmulatorEnv(t, 0, nil)
		env.server.SetFault("", emulator.Fault{Hang: true})
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()

		_, err := env.client.WaitForInvocation(ctx, env.ref("t-long"), WaitOptions{Poll: quickPolls})
		var timeout *WaitTimeoutError
		if !errors.As(err, &timeout) || timeout.Last != nil || timeout.Reads != 1 {
			t.Fatalf("err = %#v, want a WaitTimeoutError with one read and no result", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "1 reads without reading the invocation") {
			t.Errorf("Error() = %q", msg)
		}
	})
}
