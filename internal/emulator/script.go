package emulator

import (
	"encoding/base64"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"time"
)

// What the API keeps of a command's output. SWAS documents no limit. ECS's
// Cloud Assistant, the same agent, documents 24 KB (the Dropped field of
// ECS DescribeInvocationResults), and the agent (aliyun_assist_client,
// agent/taskengine) sends the first 6,000 bytes and the end of the output,
// dropping the middle. So the emulator keeps the first outputHead bytes and
// the last maxOutput-outputHead bytes of a longer output.
const (
	maxOutput  = 24 * 1024
	outputHead = 6000
)

const (
	// outputGrace is how long output is still read once a script has
	// exited; the agent waits 200 ms for what is left in the pipe.
	outputGrace = 200 * time.Millisecond
	// timeoutExitCode is the exit code the agent reports for a command it
	// stopped at its timeout.
	timeoutExitCode = 1
	// stopWait bounds how long a read that times a script out waits for
	// its end: reads hold the world's lock.
	stopWait = 2 * time.Second
)

// script is one command run for real: /bin/sh -c in a process group of
// its own. It is Running until the shell exits, and its times are the
// world clock's: StartTime when RunCommand started it, FinishedTime when
// it was seen to end.
type script struct {
	runner *scriptRunner
	job    scriptJob
	done   chan struct{} // closed once result is set

	mu      sync.Mutex
	pgid    int    // 0 until started
	stopped string // why the emulator ended it: StatusTimeout or StatusTerminated
	timer   *time.Timer
	result  scriptResult
}

type scriptResult struct {
	status   string
	exitCode int64
	finished time.Time
	output   []byte
}

// start runs the script, which ends at once with Error if it cannot.
func (x *script) start() {
	if err := x.runner.track(x); err != nil {
		x.fail(err)
		return
	}
	workDir, home, err := x.runner.directories(x.job)
	if err != nil {
		x.fail(err)
		return
	}
	output, w, err := os.Pipe()
	if err != nil {
		x.fail(err)
		return
	}
	cmd := exec.Command("/bin/sh", "-c", x.job.content)
	cmd.Dir, cmd.Env = workDir, []string{scriptPath, "HOME=" + home}
	// One pipe for both, so that the output interleaves as printed.
	cmd.Stdout, cmd.Stderr = w, w
	err = ownProcessGroup(cmd)
	if err == nil {
		err = cmd.Start()
	}
	w.Close()
	if err != nil {
		output.Close()
		x.fail(err)
		return
	}
	x.running(cmd.Process.Pid, workDir)
	go x.wait(cmd, output)
}

// running records the process group, ends it at once if a read timed
// the script out meanwhile, and starts the real-time timeout.
func (x *script) running(pgid int, workDir string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.pgid = pgid
	if x.stopped != "" {
		killGroup(pgid)
	}
	x.timer = time.AfterFunc(x.job.timeout, x.timeOut)
	x.runner.logf("swas-emulator: %s on %s: /bin/sh running in %s, process group %d",
		x.job.invokeID, x.job.instanceID, workDir, pgid)
}

// wait collects the output until the shell exits, then ends the script.
func (x *script) wait(cmd *exec.Cmd, output *os.File) {
	var out cappedOutput
	read := make(chan struct{})
	go func() {
		defer close(read)
		_, _ = io.Copy(&out, output) // ends at EOF or at the deadline below
	}()
	_ = cmd.Wait() // the exit status is in cmd.ProcessState
	// What the script left running ends with it. Members left keep the
	// group's id from being reused.
	killGroup(cmd.Process.Pid)
	// What is left in the pipe arrives at once; a process that left the
	// group could hold it open for ever.
	_ = output.SetReadDeadline(time.Now().Add(outputGrace))
	<-read
	output.Close()
	x.finish(exitCode(cmd.ProcessState), out.bytes())
}

// timeOut and kill end a running script: at its timeout, and when the
// server closes.
func (x *script) timeOut() { x.stop(StatusTimeout) }
func (x *script) kill()    { x.stop(StatusTerminated) }

// stop kills the script's process group; the first reason given wins.
func (x *script) stop(reason string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.stopped != "" || x.ended() {
		return
	}
	x.stopped = reason
	if x.pgid != 0 {
		killGroup(x.pgid)
	}
}

func (x *script) ended() bool {
	select {
	case <-x.done:
		return true
	default:
		return false
	}
}

// finish sets the result of a script whose shell exited.
func (x *script) finish(code int64, output []byte) {
	x.mu.Lock()
	x.timer.Stop()
	r := scriptResult{status: StatusFailed, exitCode: code, finished: x.runner.clock.Now(), output: output}
	switch {
	case x.stopped == StatusTimeout:
		r.status, r.exitCode = StatusTimeout, timeoutExitCode
	case x.stopped != "":
		r.status = x.stopped
	case code == 0:
		r.status = StatusSuccess
	}
	x.end(r)
	x.mu.Unlock()
	x.runner.logf("swas-emulator: %s on %s: %s, exit code %d, %d bytes of output",
		x.job.invokeID, x.job.instanceID, r.status, r.exitCode, len(output))
}

// fail ends a script that could not start with Error.
func (x *script) fail(err error) {
	x.mu.Lock()
	x.end(scriptResult{status: StatusError, finished: x.runner.clock.Now()})
	x.mu.Unlock()
	x.runner.logf("swas-emulator: %s on %s: cannot run the script: %v", x.job.invokeID, x.job.instanceID, err)
}

// end sets the result, once; callers hold x.mu.
func (x *script) end(r scriptResult) {
	x.result = r
	close(x.done)
	x.runner.untrack(x)
}

// view is the script as a read at now sees it: its result, or false while
// it runs. A read at or after its timeout on the world clock times it
// out, so that a ManualClock moved past the timeout ends it as real time
// would.
func (x *script) view(now time.Time) (scriptResult, bool) {
	if !x.ended() && !now.Before(x.job.createdAt.Add(x.job.timeout)) {
		x.timeOut()
		select {
		case <-x.done:
		case <-time.After(stopWait):
		}
	}
	if !x.ended() {
		return scriptResult{}, false
	}
	return x.result, true
}

// scriptView is an invocation run for real, as a read at now sees it.
func (inv *Invocation) scriptView(now time.Time) invocationView {
	v := invocationView{status: StatusRunning, recordStatus: "Running", startTime: inv.CreatedAt.UTC().Format(apiTimeFormat)}
	r, ended := inv.script.view(now)
	if !ended {
		return v
	}
	final := finalStatuses[r.status]
	v.status, v.recordStatus = r.status, final.record
	v.finishedTime = r.finished.UTC().Format(apiTimeFormat)
	v.exitCode = r.exitCode
	v.errorCode, v.errorInfo = final.errorCode, errorInfos[final.errorCode]
	v.output = base64.StdEncoding.EncodeToString(r.output)
	return v
}

// cappedOutput keeps the start and the end of what a script prints, as
// the API does (maxOutput).
type cappedOutput struct {
	head, tail []byte
}

func (o *cappedOutput) Write(b []byte) (int, error) {
	n := len(b)
	k := min(outputHead-len(o.head), len(b))
	o.head, b = append(o.head, b[:k]...), b[k:]
	// Re-slicing drops the front, and append copies only what is left when
	// it outgrows the array: memory stays within a few times maxOutput.
	o.tail = append(o.tail, b...)
	o.tail = o.tail[max(0, len(o.tail)-(maxOutput-outputHead)):]
	return n, nil
}

func (o *cappedOutput) bytes() []byte {
	return append(slices.Clip(o.head), o.tail...)
}
