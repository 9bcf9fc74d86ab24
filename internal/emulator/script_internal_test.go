//go:build unix

package emulator

import (
	"testing"
	"time"
)

// A script that outlives its timeout in real time is killed and ends
// Timeout, even if nothing reads it and the world clock stands still.
// (RunCommand's timeouts are 10 s at least; this one is shorter.)
func TestScriptRealTimeTimeout(t *testing.T) {
	clock := NewManualClock(t0)
	r, err := newScriptRunner(ScriptOptions{Enabled: true, Root: t.TempDir()}, clock, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.close)
	x := &script{runner: r, done: make(chan struct{}), job: scriptJob{
		instanceID: "i-test", invokeID: "t-test", commandType: "RunShellScript", user: "root",
		content: "echo started; sleep 60", createdAt: t0, timeout: 300 * time.Millisecond,
	}}
	begin := time.Now()
	x.start()
	select {
	case <-x.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the script was not stopped at its timeout")
	}
	if took := time.Since(begin); took < 300*time.Millisecond {
		t.Errorf("stopped after %s, before its timeout", took)
	}
	want := scriptResult{status: StatusTimeout, exitCode: timeoutExitCode, finished: t0, output: []byte("started\n")}
	if got := x.result; got.status != want.status || got.exitCode != want.exitCode || !got.finished.Equal(want.finished) ||
		string(got.output) != string(want.output) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
