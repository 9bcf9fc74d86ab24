package acctest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// CommandOutcome is how the commands that RunCommand starts unfold.
type CommandOutcome struct {
	RunningFor  time.Duration // 0 is emulator.DefaultRunningFor
	FinalStatus string        // "" is Success
	Output      string        // "" is "ran: <script>"
	ExitCode    int64
}

var (
	Succeeds = CommandOutcome{}
	// FailsWithDiskFull exits with 2 after printing two lines.
	FailsWithDiskFull = CommandOutcome{FinalStatus: emulator.StatusFailed, ExitCode: 2, Output: "step 1\nerror: disk full\n"}
	// RunsForADay outlives any wait of the tests.
	RunsForADay = CommandOutcome{RunningFor: 24 * time.Hour}
)

// RunEmulator is an emulator whose RunCommand starts commands with the
// outcome the test set. It records what the API received, and each poll
// of a result moves the clock on, so that waiting takes one read.
type RunEmulator struct {
	*Emulator
	mu      sync.Mutex
	outcome CommandOutcome
	started []emulator.Invocation
}

// NewRunEmulator is a RunEmulator whose commands unfold as outcome says.
func NewRunEmulator(t *testing.T, outcome CommandOutcome) *RunEmulator {
	t.Helper()
	e := &RunEmulator{outcome: outcome}
	e.Emulator = NewEmulatorWithOptions(t, emulator.Options{RunCommand: e.run})
	e.AdvanceClockOnRequest(DescribeResultAction, 10*time.Second)
	return e
}

// SetOutcome changes how the commands started from now on unfold.
func (e *RunEmulator) SetOutcome(outcome CommandOutcome) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.outcome = outcome
}

func (e *RunEmulator) run(inv *emulator.Invocation) {
	e.mu.Lock()
	defer e.mu.Unlock()
	inv.FinalStatus, inv.ExitCode = e.outcome.FinalStatus, e.outcome.ExitCode
	inv.Output = []byte("ran: " + inv.CommandContent + "\n")
	if e.outcome.Output != "" {
		inv.Output = []byte(e.outcome.Output)
	}
	if e.outcome.RunningFor != 0 {
		inv.RunningFor = e.outcome.RunningFor
	}
	e.started = append(e.started, *inv)
}

// StartedRuns returns what the API received for each command started.
func (e *RunEmulator) StartedRuns() []emulator.Invocation {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.started)
}

// ExpectRuns fails the test unless RunCommand was called n times so far.
func (e *RunEmulator) ExpectRuns(t *testing.T, n int) {
	t.Helper()
	if got := e.Requests(RunCommandAction); got != n {
		t.Errorf("RunCommand was called %d times, want %d", got, n)
	}
}

// TestExpectingRuns runs the steps, then expects RunCommand to have been
// called runs times in all.
func (e *RunEmulator) TestExpectingRuns(t *testing.T, runs int, steps []resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: Providers(), Steps: steps})
	e.ExpectRuns(t, runs)
}
