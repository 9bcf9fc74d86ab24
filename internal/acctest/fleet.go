package acctest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// FleetEmulator is an emulator with servers fleet-01 to fleet-<n>, where
// InvokeCommand fails on the servers the test names, with the exit code
// given, and records the invocations it starts. Each
// DescribeCommandInvocations request moves the clock on a second: with a
// command pending for a second and running for two, waiting takes three
// polls.
type FleetEmulator struct {
	*Emulator
	mu      sync.Mutex
	fails   map[string]int64
	started []emulator.Invocation
	// mostRunning is the most servers that ran at once.
	mostRunning int
}

// NewFleetEmulator is a FleetEmulator of n servers, those of fails failing
// with their exit codes.
func NewFleetEmulator(t *testing.T, n int, fails map[string]int64) *FleetEmulator {
	t.Helper()
	e := &FleetEmulator{Emulator: NewEmulator(t), fails: fails}
	for i := 1; i <= n; i++ {
		e.AddInstance(emulator.Instance{ID: FleetServer(i), RegionID: Region, Status: emulator.InstanceRunning})
	}
	e.SetInvokeCommand(e.Invoke)
	e.AdvanceClockOnRequest(CommandInvocationsAction, time.Second)
	return e
}

// FleetServer is the id of server i of a FleetEmulator, from 1.
func FleetServer(i int) string { return fmt.Sprintf("fleet-%02d", i) }

// Fleet is the HCL list of servers fleet-01 to fleet-<n>.
func Fleet(n int) string {
	ids := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		ids = append(ids, `"`+FleetServer(i)+`"`)
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

// Invoke is the emulator's InvokeCommand hook: it sets each server's
// outcome, failing those the test named, and records the run. A test that
// sets a hook of its own may call it first.
func (e *FleetEmulator) Invoke(inv *emulator.Invocation) {
	e.mu.Lock()
	defer e.mu.Unlock()
	inv.Output = []byte("deployed on " + inv.InstanceID + "\n")
	if code, ok := e.fails[inv.InstanceID]; ok {
		inv.FinalStatus, inv.ExitCode = emulator.StatusFailed, code
		inv.Output = []byte("step 1\nerror: disk full on " + inv.InstanceID + "\n")
	}
	e.started = append(e.started, *inv)
	running := 0
	for _, other := range e.started {
		if other.CreatedAt.Add(other.PendingFor + other.RunningFor).After(inv.CreatedAt) {
			running++
		}
	}
	e.mostRunning = max(e.mostRunning, running)
}

// MostRunning is the most servers that ran at once, on the emulator's
// clock: a server runs from its InvokeCommand until its timeline ends.
func (e *FleetEmulator) MostRunning() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.mostRunning
}

// ExpectInvocations fails the test unless InvokeCommand was called calls
// times, starting the command on servers servers in all.
func (e *FleetEmulator) ExpectInvocations(t *testing.T, calls, servers int) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if got := e.Requests(InvokeCommandAction); got != calls || len(e.started) != servers {
		t.Errorf("InvokeCommand was called %d times on %d servers, want %d on %d", got, len(e.started), calls, servers)
	}
}

// LastInvocation is what the API received for the last server started.
func (e *FleetEmulator) LastInvocation(t *testing.T) emulator.Invocation {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.started) == 0 {
		t.Fatal("no command was started")
	}
	return e.started[len(e.started)-1]
}

// Started is what the API received for every server started, in order.
func (e *FleetEmulator) Started() []emulator.Invocation {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.started)
}
