package fleet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// A rollout runs the command on instance_ids in batches of at most
// MaxInvokeInstances servers, one InvokeCommand each, in the order of
// their ids. At most max_concurrency servers run at once: a batch holds
// its share until every one of its servers has ended, since SWAS reads
// and reports a batch as one invocation, and the next batch starts as
// soon as the share it needs is free, not when a whole wave ends. Once
// more servers than max_errors have failed, no further batch starts; the
// batches under way run to their end, since SWAS cannot stop a command.
//
// One goroutine a running batch waits for it through the client's poller
// (one DescribeCommandInvocations request a round, paced), and hands
// every read to the rollout, which alone starts batches and keeps the
// results, so that Create can save the state as each batch starts.

// rollout is one run of the command on every server of instance_ids.
type rollout struct {
	client *swasclient.Client
	wait   swasclient.WaitOptions
	// in is the request of every batch, with every server in order.
	in swasclient.InvokeCommandInput
	// concurrency is how many servers may run at once, and maxErrors how
	// many may fail before no further batch starts; -1 is no limit.
	concurrency, maxErrors int
	// shown decides whether errors quote the servers' outputs.
	shown framework.FailureOutput

	// invokeIDs are the batches started, in order; next is the index in
	// in.InstanceIDs of the first server not started.
	invokeIDs []string
	next      int
	// runs are the servers started, by id.
	runs map[string]serverRun
	// running is the number of servers of each batch under way.
	running map[string]int
	// statuses are the batches' last overall statuses.
	statuses map[string]string
	// stopped is why no further batch starts, once none may.
	stopped error
	// startFailed is the batch whose InvokeCommand failed, and
	// startErr why; waitErrs are the batches whose wait failed.
	startFailed []string
	startErr    error
	waitErrs    map[string]error
}

func newRollout(client *swasclient.Client, wait swasclient.WaitOptions, in swasclient.InvokeCommandInput) *rollout {
	return &rollout{
		client: client, wait: wait, in: in, concurrency: swasclient.MaxInvokeInstances, maxErrors: -1,
		runs: map[string]serverRun{}, running: map[string]int{}, statuses: map[string]string{}, waitErrs: map[string]error{},
	}
}

// batchRead is a read of a running batch: done when its wait ended, with
// err if it failed.
type batchRead struct {
	invokeID string
	inv      *swasclient.CommandInvocation
	done     bool
	err      error
}

// run starts batches while max_concurrency allows and max_errors has not
// stopped the rollout, and returns once none runs. started is called as
// each batch starts, and ended as each ends, so that the state holds
// every batch at once.
func (r *rollout) run(ctx context.Context, started, ended func()) {
	reads := make(chan batchRead)
	for {
		for r.canStart(ctx) {
			if !r.start(ctx, reads) {
				break
			}
			started()
		}
		if len(r.running) == 0 {
			return
		}
		read := <-reads
		r.record(read)
		if read.done {
			ended()
		}
	}
}

// canStart reports whether a batch may start now.
func (r *rollout) canStart(ctx context.Context) bool {
	return r.stopped == nil && r.startErr == nil && ctx.Err() == nil &&
		r.next < len(r.in.InstanceIDs) && r.busy() < r.concurrency
}

// busy is the number of servers the batches under way hold.
func (r *rollout) busy() int {
	n := 0
	for _, servers := range r.running {
		n += servers
	}
	return n
}

// start sends the next batch, as large as max_concurrency and the API
// allow, and starts waiting for it; it reports whether the batch started.
func (r *rollout) start(ctx context.Context, reads chan<- batchRead) bool {
	size := min(swasclient.MaxInvokeInstances, r.concurrency-r.busy(), len(r.in.InstanceIDs)-r.next)
	servers := r.in.InstanceIDs[r.next : r.next+size]
	in := r.in
	in.InstanceIDs = servers
	started, err := r.client.InvokeCommand(ctx, in)
	if err != nil {
		r.startFailed, r.startErr = servers, err
		if swasclient.MayHaveRun(err) {
			// The batch may run: never start it again as if it had not.
			r.next += size
		}
		return false
	}
	r.next += size
	id := started.InvokeID
	r.invokeIDs = append(r.invokeIDs, id)
	r.running[id] = size
	for _, server := range servers {
		r.runs[server] = serverRun{invokeID: id, result: swasclient.InstanceResult{InstanceID: server, InvocationStatus: swasclient.StatusPending}}
	}
	go func() {
		inv, err := r.client.WaitForCommandInvocation(ctx, r.in.RegionID, id, r.wait, func(inv *swasclient.CommandInvocation) {
			reads <- batchRead{invokeID: id, inv: inv}
		})
		var timeout *swasclient.CommandWaitTimeoutError
		if errors.As(err, &timeout) {
			inv = timeout.Last
		}
		reads <- batchRead{invokeID: id, inv: inv, done: true, err: err}
	}()
	return true
}

// record keeps what a read of a batch showed, and stops the rollout once
// more servers than max_errors have failed.
func (r *rollout) record(read batchRead) {
	if read.inv != nil {
		r.statuses[read.invokeID] = read.inv.InvocationStatus
		for _, in := range read.inv.Instances {
			r.runs[in.InstanceID] = serverRun{invokeID: read.invokeID, result: in}
		}
	}
	if read.done {
		delete(r.running, read.invokeID)
		if read.err != nil {
			r.waitErrs[read.invokeID] = read.err
		}
	}
	if failed := r.failed(); r.stopped == nil && r.maxErrors >= 0 && len(failed) > r.maxErrors && r.next < len(r.in.InstanceIDs) {
		r.stopped = &rolloutStoppedError{rollout: r, shown: r.shown}
	}
}

// failed are the servers that ended otherwise than Success, in order.
func (r *rollout) failed() []serverRun {
	var failed []serverRun
	for _, id := range r.in.InstanceIDs {
		if run, ok := r.runs[id]; ok && ended(run.result.InvocationStatus) && run.result.InvocationStatus != swasclient.StatusSuccess {
			failed = append(failed, run)
		}
	}
	return failed
}

// ended reports whether status is final.
func ended(status string) bool { return !swasclient.InProgress(status) }

// neverStarted are the servers no batch started, in order: a batch whose
// InvokeCommand may have run counts as sent.
func (r *rollout) neverStarted() []string {
	return slices.Clone(r.in.InstanceIDs[r.next:])
}

// serverRuns are the servers started, in order.
func (r *rollout) serverRuns() []serverRun {
	var runs []serverRun
	for _, id := range r.in.InstanceIDs {
		if run, ok := r.runs[id]; ok {
			runs = append(runs, run)
		}
	}
	return runs
}

// status is the rollout's status across its servers: the API's own for a
// single batch; for several, derived from every started server's status
// by the rules DescribeCommandInvocationsRequest.InvocationStatus
// documents for one invocation (SDK v3.0.0).
func (r *rollout) status() string {
	if len(r.invokeIDs) == 1 {
		if status, ok := r.statuses[r.invokeIDs[0]]; ok {
			return status
		}
	}
	var statuses []string
	for _, run := range r.serverRuns() {
		statuses = append(statuses, run.result.InvocationStatus)
	}
	return overallStatus(statuses)
}

// overallStatus is the status of servers' statuses taken together:
// Pending, Running or Stopping while one is; Success when every server
// succeeded or was stopped; Stopped when all were; Failed when none
// succeeded; else PartialFailed. The reference lists the "at least one"
// rules in that order.
func overallStatus(statuses []string) string {
	count := map[string]int{}
	for _, s := range statuses {
		switch s {
		case swasclient.StatusPending, swasclient.StatusRunning, swasclient.StatusStopping, swasclient.StatusSuccess:
			count[s]++
		case swasclient.StatusCancelled, swasclient.StatusTerminated:
			count["Stopped"]++
		default:
			count[swasclient.StatusFailed]++
		}
	}
	switch {
	case len(statuses) == 0:
		return swasclient.StatusPending
	case count[swasclient.StatusPending] > 0:
		return swasclient.StatusPending
	case count[swasclient.StatusRunning] > 0:
		return swasclient.StatusRunning
	case count[swasclient.StatusStopping] > 0:
		return swasclient.StatusStopping
	case count[swasclient.StatusSuccess] > 0 && count[swasclient.StatusFailed] == 0:
		return swasclient.StatusSuccess
	case count[swasclient.StatusSuccess] == 0 && count[swasclient.StatusFailed] == 0:
		return "Stopped"
	case count[swasclient.StatusSuccess] == 0:
		return swasclient.StatusFailed
	}
	return "PartialFailed"
}

// rolloutStoppedError is a rollout that max_errors stopped.
type rolloutStoppedError struct {
	rollout *rollout
	// shown decides whether the servers' outputs are quoted.
	shown framework.FailureOutput
}

func (e *rolloutStoppedError) Error() string {
	return fmt.Sprintf("%d servers failed, more than max_errors allows (%d)", len(e.rollout.failed()), e.rollout.maxErrors)
}

// Explain names the servers that failed, with how each ended, and those
// never started.
func (e *rolloutStoppedError) Explain() (title, detail string) {
	r := e.rollout
	failed := r.failed()
	var b strings.Builder
	fmt.Fprintf(&b, "Command %s failed on %s, more than max_errors allows (%d), so the rollout stopped: no "+
		"batch started after that.\n", r.in.CommandID, framework.Plural(len(failed), "server"), r.maxErrors)
	writeFailed(&b, failed, e.shown)
	writeNeverStarted(&b, r.neverStarted())
	b.WriteString("\n\nFix the command or the servers, then apply again.")
	return "Rollout stopped after too many failures", b.String()
}

// writeNeverStarted names the servers no batch started.
func writeNeverStarted(b *strings.Builder, servers []string) {
	if len(servers) == 0 {
		return
	}
	fmt.Fprintf(b, "\n\nNever started on %s: %s.", framework.Plural(len(servers), "server"), strings.Join(servers, ", "))
}

// rolloutUnfinishedError is a rollout whose time ran out, or that was
// interrupted, after a batch ended and before the next started.
type rolloutUnfinishedError struct {
	cause   error
	timeout framework.Timeout
}

func (e *rolloutUnfinishedError) Error() string { return "rollout not finished: " + e.cause.Error() }

// Explain says why no further batch started.
func (e *rolloutUnfinishedError) Explain() (title, detail string) {
	if errors.Is(e.cause, context.DeadlineExceeded) {
		return "Rollout not finished", fmt.Sprintf("%s ran out before every batch had started. Raise %s to cover "+
			"the batches that run one after another.", e.timeout.Key(), e.timeout.Key())
	}
	return "Rollout not finished", "The run was interrupted before every batch had started."
}

// batchMayHaveStartedError is a batch after the first whose InvokeCommand
// failed after it may have reached the API: its servers may run the
// command, though no invoke id came back to save.
type batchMayHaveStartedError struct {
	doing   string
	servers []string
	err     error
}

func (e *batchMayHaveStartedError) Error() string { return e.err.Error() }

func (e *batchMayHaveStartedError) Unwrap() error { return e.err }

// Explain names the servers that may run the command.
func (e *batchMayHaveStartedError) Explain() (title, detail string) {
	return "A batch may have started", fmt.Sprintf("While %s, the request failed after it may have reached the "+
		"API: %s.\n\nThe command may be running, or have run, on %s, although no invoke id came back to save in "+
		"the state: %s. Check the swas_invocations data source or the console's command history. No batch started "+
		"after it.", e.doing, e.err, framework.Plural(len(e.servers), "server"), strings.Join(e.servers, ", "))
}
