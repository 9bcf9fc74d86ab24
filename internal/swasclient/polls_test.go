package swasclient

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// polls30 reads every 30 ms, and rounds about that far apart.
var polls30 = WaitOptions{Poll: PollSchedule{Min: 30 * time.Millisecond, Max: 30 * time.Millisecond}}

// running seeds a run on the emulator's server that runs for d from now,
// on the emulator's real clock.
func (env *runCommandEnv) running(invokeID, instanceID string, d time.Duration) InvocationRef {
	env.server.AddInvocation(emulator.Invocation{
		InvokeID: invokeID, InstanceID: instanceID, CreatedAt: time.Now(),
		RunningFor: d, Output: []byte(invokeID + " done\n"),
	})
	return InvocationRef{RegionID: runRegion, InstanceID: instanceID, InvokeID: invokeID}
}

// waitAll waits for every run at once, each wait joining a moment after
// the one before, and returns the results and errors in order.
func waitAll(env *runCommandEnv, refs []InvocationRef, opts WaitOptions) ([]*InvocationResult, []error) {
	results, errs := make([]*InvocationResult, len(refs)), make([]error, len(refs))
	var wg sync.WaitGroup
	for i, ref := range refs {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			defer cancel()
			results[i], errs[i] = env.client.WaitForInvocation(ctx, ref, opts)
		})
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
	return results, errs
}

// Waits on one server share each poll: one DescribeInvocations for them
// all, and one DescribeInvocationResult for each run, at its end, for its
// full result; a wait that joins while a lone wait reads its own result
// reads its own first result too.
func TestWaitsOnOneServerShareTheirPolls(t *testing.T) {
	env := newRunCommandEnv(t)
	var refs []InvocationRef
	for i := range 5 {
		refs = append(refs, env.running(fmt.Sprintf("t-run%d", i), runInstance, 300*time.Millisecond))
	}
	results, errs := waitAll(env, refs, polls30)
	for i, r := range results {
		if errs[i] != nil || r.InvocationStatus != StatusSuccess || r.OutputBase64 == "" || r.InvokeID != refs[i].InvokeID {
			t.Errorf("result of %s: %+v, %v", refs[i].InvokeID, r, errs[i])
		}
	}
	rounds, reads := env.server.Requests(describeInvocations), env.server.Requests(describeInvocationResult)
	t.Logf("%d DescribeInvocations, %d DescribeInvocationResult", rounds, reads)
	// Alone, the five waits would read about ten times each in 300 ms;
	// together, every 24 to 30 ms, and at once for each wait joining.
	if rounds == 0 || rounds > 20 {
		t.Errorf("%d rounds in 300 ms: want 1 to 20", rounds)
	}
	if reads < len(refs) || reads > 2*len(refs) {
		t.Errorf("%d results read, want one per run at its end and at most one first read each", reads)
	}
}

// A wait alone reads its own result, as it always did: no listing.
func TestAWaitAloneReadsItsResult(t *testing.T) {
	env := newRunCommandEnv(t)
	ref := env.running("t-alone", runInstance, 100*time.Millisecond)
	if _, errs := waitAll(env, []InvocationRef{ref}, polls30); errs[0] != nil {
		t.Fatal(errs[0])
	}
	if n := env.server.Requests(describeInvocations); n != 0 {
		t.Errorf("%d DescribeInvocations for a wait alone", n)
	}
	if n := env.server.Requests(describeInvocationResult); n < 2 {
		t.Errorf("%d reads, want the run read until it ended", n)
	}
}

// Waits on different servers are in groups of their own.
func TestWaitsOnDifferentServersPollApart(t *testing.T) {
	env := newRunCommandEnv(t)
	const other = "ace0706b2ac4454d984295a942130002"
	env.server.AddInstance(emulator.Instance{ID: other, RegionID: runRegion, Status: emulator.InstanceRunning})
	refs := []InvocationRef{env.running("t-here", runInstance, 100*time.Millisecond), env.running("t-there", other, 100*time.Millisecond)}
	_, errs := waitAll(env, refs, polls30)
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := env.server.Requests(describeInvocations); n != 0 {
		t.Errorf("%d DescribeInvocations for waits on two servers", n)
	}
}

// A run the listing does not show, beyond its first page, is read on its
// own every round.
func TestAWaitBeyondTheListingReadsItsOwn(t *testing.T) {
	env := newRunCommandEnv(t)
	old := env.running("t-old", runInstance, 200*time.Millisecond)
	var newest InvocationRef
	for i := range invocationsPageSize {
		newest = env.running(fmt.Sprintf("t-new%02d", i), runInstance, 200*time.Millisecond)
	}
	if _, errs := waitAll(env, []InvocationRef{newest, old}, polls30); errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	rounds, reads := env.server.Requests(describeInvocations), env.server.Requests(describeInvocationResult)
	t.Logf("%d DescribeInvocations, %d DescribeInvocationResult", rounds, reads)
	if reads < rounds {
		t.Errorf("%d results read for %d rounds: the run beyond the listing was not read each round", reads, rounds)
	}
}

// A listing that fails leaves every wait to read its own result.
func TestAFailedListingFallsBackToOwnReads(t *testing.T) {
	env := newRunCommandEnv(t)
	env.client.cfg.MaxRetries = 0
	env.server.SetFault(describeInvocations, emulator.Fault{FailRate: 1, FailStatus: 500})
	refs := []InvocationRef{env.running("t-first", runInstance, 100*time.Millisecond), env.running("t-second", runInstance, 100*time.Millisecond)}
	results, errs := waitAll(env, refs, polls30)
	for i, r := range results {
		if errs[i] != nil || r.InvocationStatus != StatusSuccess {
			t.Errorf("result %+v, %v", r, errs[i])
		}
	}
	if env.server.Requests(describeInvocations) == 0 {
		t.Error("no listing was tried")
	}
}

// When the wait that reads a round gives up, the others go on.
func TestAWaitThatGivesUpLeavesTheOthersPolling(t *testing.T) {
	env := newRunCommandEnv(t)
	kept := env.running("t-kept", runInstance, 300*time.Millisecond)
	dropped := env.running("t-dropped", runInstance, time.Hour)
	// Rounds take long enough for the dropped wait to give up in one.
	env.server.SetFault(describeInvocations, emulator.Fault{Latency: 40 * time.Millisecond})
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		_, err := env.client.WaitForInvocation(ctx, dropped, polls30)
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	results, errs := waitAll(env, []InvocationRef{kept}, polls30)
	if errs[0] != nil || results[0].InvocationStatus != StatusSuccess {
		t.Fatalf("the wait kept: %+v, %v", results[0], errs[0])
	}
	var timeout *WaitTimeoutError
	if err := <-done; !errors.As(err, &timeout) || timeout.Last == nil || timeout.Last.InvocationStatus != StatusRunning {
		t.Errorf("the wait that gave up: %v", err)
	}
}

// Waits for one server's agent share each read.
func TestAgentWaitsShareTheirReads(t *testing.T) {
	env := newRunCommandEnv(t)
	const late = "ace0706b2ac4454d984295a942130009"
	env.server.AddInstance(emulator.Instance{ID: late, RegionID: runRegion, Status: emulator.InstanceRunning, AgentOnlineAfter: 300 * time.Millisecond})
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			defer cancel()
			if agent, err := env.client.WaitForCloudAssistant(ctx, InstanceRef{RegionID: runRegion, InstanceID: late}, polls30.Poll); err != nil || !agent.Online {
				t.Errorf("agent %+v, %v", agent, err)
			}
		})
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
	// Alone, the five waits would read about ten times each in 300 ms;
	// together, every 24 to 30 ms, and at once for each wait joining.
	if n := env.server.Requests(describeCloudAssistantAttributes); n > 20 {
		t.Errorf("%d agent reads for five waits of 300 ms: want 20 at most", n)
	}
}

// A round's requests take their place in line after users' requests, by
// when the longest wait it answers began.
func TestPollRoundsTakeTheirPlace(t *testing.T) {
	now := time.Now()
	if got := placeIn(context.Background(), now); got.poll || !got.since.Equal(now) {
		t.Errorf("a user's request: %+v", got)
	}
	began := now.Add(-time.Minute)
	if got := placeIn(withPollPlace(context.Background(), began), now); !got.poll || !got.since.Equal(began) {
		t.Errorf("a poll round's request: %+v", got)
	}
	s := newPollScheduler()
	key := pollKey{kind: "test"}
	first := s.join(key, "a", quickPolls)
	time.Sleep(time.Millisecond)
	second := s.join(key, "b", quickPolls)
	var ids []string
	var since time.Time
	if _, err := second.next(t.Context(), func(ctx context.Context, got []string) (any, error) {
		ids, since = got, placeIn(ctx, time.Now()).since
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[0] != "a" || ids[1] != "b" || !since.Equal(first.since) {
		t.Errorf("the round read for %v, placed at %s, want a and b at %s", ids, since, first.since)
	}
	first.leave()
	second.leave()
	if len(s.groups) != 0 {
		t.Errorf("groups left behind: %v", s.groups)
	}
}

// A wait that joins takes the next round answered, even one it did not
// read itself, and reads again only when its own schedule is due.
func TestAWaitTakesEveryRoundAnswered(t *testing.T) {
	s := newPollScheduler()
	key := pollKey{kind: "test"}
	slow := PollSchedule{Min: time.Hour, Max: time.Hour}
	a, b := s.join(key, "a", quickPolls), s.join(key, "b", slow)
	defer a.leave()
	defer b.leave()
	var reads int
	read := func(context.Context, []string) (any, error) { reads++; return reads, nil }
	for want := 1; want <= 3; want++ {
		r, err := a.next(t.Context(), read)
		if err != nil || r.answer != want {
			t.Fatalf("a's read %d: %+v, %v", want, r, err)
		}
	}
	// b takes the last round a read, then waits an hour for its own.
	r, err := b.next(t.Context(), read)
	if err != nil || r.answer != 3 {
		t.Fatalf("b's first read: %+v, %v", r, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := b.next(ctx, read); !errors.Is(err, context.DeadlineExceeded) || reads != 3 {
		t.Errorf("b's second read: %v after %d rounds, want to wait for its schedule", err, reads)
	}
}
