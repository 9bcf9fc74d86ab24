//go:build unix

package emulator_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// startTime is the world clock's start as the API writes it.
const startTime = "2022-07-11T06:37:15Z"

// newScriptEnv starts an emulator that runs the scripts of the allowed
// instances (all if none) for real, under a directory of the test's.
func newScriptEnv(t *testing.T, allow ...string) *testEnv {
	t.Helper()
	e := newEnv(t, emulator.Options{Scripts: emulator.ScriptOptions{Enabled: true, Root: t.TempDir(), Allow: allow}})
	t.Cleanup(e.srv.Close)
	return e
}

// runScript starts a command on the test instance; req's region, instance,
// name and type are filled in when empty.
func (e *testEnv) runScript(t *testing.T, c *swas.Client, req *swas.RunCommandRequest) string {
	t.Helper()
	req.RegionId, req.InstanceId = tea.String(testRegion), tea.String(testInstance)
	if req.Name == nil {
		req.Name = tea.String("test")
	}
	if req.Type == nil {
		req.Type = tea.String("RunShellScript")
	}
	resp, err := c.RunCommand(req)
	if err != nil {
		t.Fatalf("RunCommand: %v", err)
	}
	return tea.StringValue(resp.Body.InvokeId)
}

// script runs a shell script with the API's defaults.
func (e *testEnv) script(t *testing.T, c *swas.Client, content string) string {
	t.Helper()
	return e.runScript(t, c, &swas.RunCommandRequest{CommandContent: tea.String(content)})
}

// finalResult reads an invocation on the test instance until its status
// is final, for at most ten seconds of real time.
func (e *testEnv) finalResult(t *testing.T, c *swas.Client, id string) snapshot {
	t.Helper()
	return e.finalResultOn(t, c, testInstance, id)
}

// finalResultOn is finalResult on another instance.
func (e *testEnv) finalResultOn(t *testing.T, c *swas.Client, instance, id string) snapshot {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{RegionId: tea.String(testRegion),
			InstanceId: tea.String(instance), InvokeId: tea.String(id)})
		if err != nil {
			t.Fatalf("DescribeInvocationResult(%s on %s): %v", id, instance, err)
		}
		r := snap(resp.Body.InvocationResult)
		if r.status != "Running" && r.status != "Pending" {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still %s", id, r.status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// home is the test instance's /root in the scripts' directory.
func (e *testEnv) home() string {
	return filepath.Join(e.srv.ScriptsDir(), testInstance, "root")
}

// waitForFile waits, in real time, until a script has written a file, and
// returns what it holds.
func waitForFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, err := os.ReadFile(path); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was not written", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitUntilGone waits until the process of a pid written in a file has
// ended: it no longer exists, or it is a zombie left to its parent.
func waitUntilGone(t *testing.T, pidFile string) {
	t.Helper()
	pid, err := strconv.Atoi(waitForFile(t, pidFile))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !processGone(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d (%s) is still running", pid, filepath.Base(pidFile))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return errors.Is(err, os.ErrNotExist) && runtimeHasProc()
	}
	_, state, _ := strings.Cut(string(stat), ") ")
	return strings.HasPrefix(state, "Z")
}

func runtimeHasProc() bool {
	_, err := os.Stat("/proc/self/stat")
	return err == nil
}

// A script that prints to both streams and exits 0 succeeds with what it
// printed, in order, and sees none of the emulator's environment.
func TestScriptSucceeds(t *testing.T) {
	t.Setenv("SWAS_TEST_SECRET", "leaked")
	e := newScriptEnv(t)
	c := e.client(t)
	id := e.script(t, c, `echo hello; echo "to stderr" >&2; echo "secret=${SWAS_TEST_SECRET-unset}"; echo "home=$HOME"`)
	want := snapshot{"Success", "Finished", startTime, startTime, 0, "", "",
		encoded("hello\nto stderr\nsecret=unset\nhome=" + e.home() + "\n")}
	if got := e.finalResult(t, c, id); got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// A script that exits 3 fails with its exit code and output.
func TestScriptFails(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	id := e.script(t, c, "echo step 1; echo 'error: disk full' >&2; exit 3")
	want := snapshot{"Failed", "Finished", startTime, startTime, 3, "ExitCodeNonzero",
		"the command execution exit code is not zero", encoded("step 1\nerror: disk full\n")}
	if got := e.finalResult(t, c, id); got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// A script runs until it exits, whatever the world clock says, and its
// times are the world clock's.
func TestScriptRunsUntilItExits(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	id := e.script(t, c, "while [ ! -e go ]; do sleep 0.02; done; echo done")
	e.clock.Advance(5 * time.Second)
	running := snapshot{status: "Running", record: "Running", start: startTime}
	if got := snap(e.mustResult(t, c, id)); got != running {
		t.Errorf("while it runs: %+v", got)
	}
	if err := os.WriteFile(filepath.Join(e.home(), "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	want := snapshot{"Success", "Finished", startTime, "2022-07-11T06:37:20Z", 0, "", "", encoded("done\n")}
	if got := e.finalResult(t, c, id); got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// A script still running at its timeout on the world clock is killed,
// with what it started, and ends Timeout with the API's error code.
func TestScriptTimeout(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	id := e.runScript(t, c, &swas.RunCommandRequest{
		CommandContent: tea.String("echo started; sleep 60 & echo $! > sleep.pid; wait"),
		Timeout:        tea.Int32(10),
	})
	waitForFile(t, filepath.Join(e.home(), "sleep.pid"))
	e.clock.Advance(9 * time.Second)
	if got := snap(e.mustResult(t, c, id)); got.status != "Running" {
		t.Errorf("before its timeout: %+v", got)
	}
	e.clock.Advance(time.Second)
	want := snapshot{"Timeout", "Failed", startTime, "2022-07-11T06:37:25Z", 1, "ExecutionTimeout",
		"the command execution has been timeout", encoded("started\n")}
	if got := snap(e.mustResult(t, c, id)); got != want {
		t.Errorf("at its timeout: got %+v\nwant %+v", got, want)
	}
	waitUntilGone(t, filepath.Join(e.home(), "sleep.pid"))
}

// Placeholders are filled as the API fills them, and only with
// EnableParameter.
func TestScriptParameters(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	content := `echo "{{ greeting }}, {{NAME}}!" "[{{missing}}]" {{count}} '{{bad name}}'`
	id := e.runScript(t, c, &swas.RunCommandRequest{
		CommandContent:  tea.String(content),
		EnableParameter: tea.Bool(true),
		Parameters:      map[string]any{"greeting": "hello", "name": "world", "count": 3},
	})
	if got := e.finalResult(t, c, id); got.output != encoded("hello, world! [] 3 {{bad name}}\n") {
		t.Errorf("with EnableParameter: %+v", got)
	}
	id = e.runScript(t, c, &swas.RunCommandRequest{
		CommandContent: tea.String("echo '{{greeting}}'"),
		Parameters:     map[string]any{"greeting": "hello"},
	})
	if got := e.finalResult(t, c, id); got.output != encoded("{{greeting}}\n") {
		t.Errorf("without EnableParameter: %+v", got)
	}
}

// Each instance has a directory that stands for its file system: the
// default working directory is the user's home in it, and WorkingDir is a
// directory in it, made if missing, whatever the path.
func TestScriptWorkingDir(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	instance := filepath.Join(e.srv.ScriptsDir(), testInstance)
	for _, tc := range []struct {
		workingDir, user, want string
	}{
		{"", "", filepath.Join(instance, "root")},
		{"", "deploy", filepath.Join(instance, "home", "deploy")},
		{"/srv/app/", "", filepath.Join(instance, "srv", "app")},
		{"../../../etc", "", filepath.Join(instance, "etc")},
	} {
		req := &swas.RunCommandRequest{CommandContent: tea.String("pwd; echo written > file.txt")}
		if tc.workingDir != "" {
			req.WorkingDir = tea.String(tc.workingDir)
		}
		if tc.user != "" {
			req.WorkingUser = tea.String(tc.user)
		}
		if got := e.finalResult(t, c, e.runScript(t, c, req)); got.output != encoded(tc.want+"\n") {
			t.Errorf("WorkingDir %q, user %q: %+v, want %s", tc.workingDir, tc.user, got, tc.want)
		}
		if b, err := os.ReadFile(filepath.Join(tc.want, "file.txt")); err != nil || string(b) != "written\n" {
			t.Errorf("the file written in %s: %q, %v", tc.want, b, err)
		}
	}
}

// Output past 24 KiB keeps its first 6,000 bytes and its end, as Cloud
// Assistant's agent keeps them.
func TestScriptOutputTruncated(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	id := e.script(t, c, `i=0; while [ $i -lt 3000 ]; do printf '%09d\n' $i; i=$((i+1)); done`)
	var full strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&full, "%09d\n", i)
	}
	want := full.String()[:6000] + full.String()[full.Len()-(24*1024-6000):]
	got := e.finalResult(t, c, id)
	output, err := base64.StdEncoding.DecodeString(got.output)
	if err != nil || got.status != "Success" {
		t.Fatalf("%+v: %v", got, err)
	}
	if len(output) != 24*1024 || string(output) != want {
		t.Errorf("output of %d bytes, starting %q and ending %q; want 24576 bytes, %q and %q",
			len(output), output[:20], output[len(output)-20:], want[:20], want[len(want)-20:])
	}
}

// Windows scripts do not apply to the Linux servers: they end Invalid at
// once, as the API ends them, without running.
func TestScriptNotApplicable(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	want := snapshot{status: "Invalid", record: "Failed", finished: startTime, errorCode: "CommandNotApplicable",
		errorInfo: "the command is not applicable"}
	for _, commandType := range []string{"RunBatScript", "RunPowerShellScript"} {
		id := e.runScript(t, c, &swas.RunCommandRequest{Type: tea.String(commandType), CommandContent: tea.String("echo hi > ran.txt")})
		if got := snap(e.mustResult(t, c, id)); got != want {
			t.Errorf("%s: got %+v\nwant %+v", commandType, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(e.srv.ScriptsDir(), testInstance)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the instance's directory was made: %v", err)
	}
}

// What a script leaves running in the background ends with it.
func TestScriptBackgroundEndsWithIt(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	id := e.script(t, c, "sleep 60 & echo $! > sleep.pid")
	if got := e.finalResult(t, c, id); got.status != "Success" {
		t.Errorf("got %+v", got)
	}
	waitUntilGone(t, filepath.Join(e.home(), "sleep.pid"))
}

// Close kills the process group of every script still running, which ends
// Terminated; commands started afterwards end with Error.
func TestScriptsEndOnClose(t *testing.T) {
	e := newScriptEnv(t)
	c := e.client(t)
	id := e.script(t, c, "echo $$ > sh.pid; sleep 60 & echo $! > sleep.pid; wait")
	waitForFile(t, filepath.Join(e.home(), "sleep.pid"))
	e.srv.Close()
	waitUntilGone(t, filepath.Join(e.home(), "sh.pid"))
	waitUntilGone(t, filepath.Join(e.home(), "sleep.pid"))
	if got := snap(e.mustResult(t, c, id)); got.status != "Terminated" || got.errorCode != "ExecutionInterrupted" || got.exitCode != 137 {
		t.Errorf("the script running at Close: %+v", got)
	}
	if got := e.finalResult(t, c, e.script(t, c, "echo late")); got.status != "Error" || got.errorCode != "ExecutionException" {
		t.Errorf("a script started after Close: %+v", got)
	}
}

// Under the system's temporary directory, the scripts' directory is made
// fresh and removed by Close.
func TestScriptsDirectoryRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := newEnv(t, emulator.Options{Scripts: emulator.ScriptOptions{Enabled: true}})
	c := e.client(t)
	dir := e.srv.ScriptsDir()
	if filepath.Dir(dir) != tmp {
		t.Fatalf("scripts directory %s is not in %s", dir, tmp)
	}
	if got := e.finalResult(t, c, e.script(t, c, "echo hi > hi.txt")); got.status != "Success" {
		t.Errorf("got %+v", got)
	}
	e.srv.Close()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is still there: %v", dir, err)
	}
}

// Only the allowed instances run scripts; the others keep canned outcomes.
func TestScriptsAllow(t *testing.T) {
	const other = "ace0706b2ac4454d984295a942130002"
	e := newScriptEnv(t, testInstance)
	e.srv.AddInstance(emulator.Instance{ID: other, RegionID: testRegion, Status: emulator.InstanceRunning})
	c := e.client(t)
	resp, err := c.RunCommand(&swas.RunCommandRequest{
		RegionId: tea.String(testRegion), InstanceId: tea.String(other), Name: tea.String("test"),
		Type: tea.String("RunShellScript"), CommandContent: tea.String("echo hi > ran.txt"),
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{
		RegionId: tea.String(testRegion), InstanceId: tea.String(other), InvokeId: resp.Body.InvokeId,
	})
	if err != nil || tea.StringValue(r.Body.InvocationResult.InvocationStatus) != "Pending" {
		t.Errorf("on an instance not allowed: %v, %v", r, err)
	}
	if _, err := os.Stat(filepath.Join(e.srv.ScriptsDir(), other)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the other instance's directory was made: %v", err)
	}
	if got := e.finalResult(t, c, e.script(t, c, "echo hi")); got.output != encoded("hi\n") {
		t.Errorf("on the allowed instance: %+v", got)
	}
}

// A fixture can turn scripts on and choose their root and instances; what
// Options sets wins, and a root that does not exist is an error.
func TestFixtureRunScripts(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "servers")
	if err := os.Mkdir(root, 0o700); err != nil {
		t.Fatal(err)
	}
	fixture := filepath.Join(dir, "world.json")
	write := func(runScripts string) {
		t.Helper()
		content := `{"instances": [{"id": "` + testInstance + `", "regionId": "cn-hangzhou", "status": "Running"}], "runScripts": ` + runScripts + `}`
		if err := os.WriteFile(fixture, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	open := func(opts emulator.Options) *emulator.Server {
		t.Helper()
		s, err := emulator.NewFromFixture(fixture, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		return s
	}

	write(`{"enabled": true, "root": "` + root + `", "allow": ["` + testInstance + `"]}`)
	if got := open(emulator.Options{}).ScriptsDir(); filepath.Dir(got) != root {
		t.Errorf("scripts directory %q, want one in %s", got, root)
	}
	other := t.TempDir()
	if got := open(emulator.Options{Scripts: emulator.ScriptOptions{Root: other}}).ScriptsDir(); filepath.Dir(got) != other {
		t.Errorf("with a root in Options: scripts directory %q, want one in %s", got, other)
	}
	write(`{"root": "` + root + `"}`)
	if got := open(emulator.Options{}).ScriptsDir(); got != "" {
		t.Errorf("not enabled: scripts directory %q", got)
	}
	write(`{"enabled": true, "root": "` + filepath.Join(dir, "missing") + `"}`)
	if _, err := emulator.NewFromFixture(fixture, emulator.Options{}); err == nil || !strings.Contains(err.Error(), "scripts root") {
		t.Errorf("a missing root: %v", err)
	}
}

// A fixture's list of instances whose scripts run for real applies when
// Options lists none; a list in Options wins.
func TestFixtureRunScriptsAllow(t *testing.T) {
	const other = "ace0706b2ac4454d984295a942130002"
	dir := t.TempDir()
	fixture := filepath.Join(dir, "world.json")
	content := fmt.Sprintf(`{"credentials": [{"accessKeyId": %q, "accessKeySecret": %q}],
		"instances": [{"id": %q, "regionId": %q, "status": "Running"}, {"id": %q, "regionId": %q, "status": "Running"}],
		"runScripts": {"enabled": true, "root": %q, "allow": [%q]}}`,
		testAccessKeyID, testSecret, testInstance, testRegion, other, testRegion, dir, testInstance)
	if err := os.WriteFile(fixture, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	// ranOn runs a command on both instances and returns those that ran it
	// for real, in a directory of their own.
	ranOn := func(opts emulator.Options) []string {
		t.Helper()
		srv, err := emulator.NewFromFixture(fixture, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		l, err := emulator.Start(srv, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(l.Close)
		c := (&testEnv{srv: srv, l: l}).client(t)
		var ran []string
		for _, id := range []string{testInstance, other} {
			if _, err := c.RunCommand(&swas.RunCommandRequest{
				RegionId: tea.String(testRegion), InstanceId: tea.String(id), Name: tea.String("test"),
				Type: tea.String("RunShellScript"), CommandContent: tea.String("true"),
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(srv.ScriptsDir(), id)); err == nil {
				ran = append(ran, id)
			}
		}
		return ran
	}

	if got := ranOn(emulator.Options{}); !slices.Equal(got, []string{testInstance}) {
		t.Errorf("with the fixture's list: ran on %v, want %s only", got, testInstance)
	}
	if got := ranOn(emulator.Options{Scripts: emulator.ScriptOptions{Allow: []string{other}}}); !slices.Equal(got, []string{other}) {
		t.Errorf("with a list in Options: ran on %v, want %s only", got, other)
	}
}

// TestScriptsDirectoryRemovedQuietly: a Close that removes the directory
// logs nothing; the log is for a removal that failed.
func TestScriptsDirectoryRemovedQuietly(t *testing.T) {
	var logged []string
	srv := emulator.New(emulator.Options{Scripts: emulator.ScriptOptions{Enabled: true},
		Logf: func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }})
	dir := srv.ScriptsDir()
	srv.Close()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) || len(logged) > 0 {
		t.Errorf("after Close, %s: %v; logged %q", dir, err, logged)
	}
}

// TestFleetScriptsRunForReal: InvokeCommand runs the saved command on each
// server for real, with its parameters filled, in its working directory,
// as the user named; each server's exit code and output are its own.
func TestFleetScriptsRunForReal(t *testing.T) {
	e := newScriptEnv(t)
	e.srv.AddInstance(emulator.Instance{ID: "s2", RegionID: testRegion, Status: emulator.InstanceRunning})
	c := e.client(t)
	id := createCommand(t, c, &swas.CreateCommandRequest{Name: tea.String("n"), Type: tea.String("RunShellScript"),
		EnableParameter: tea.Bool(true), WorkingDir: tea.String("/srv"),
		CommandContent: tea.String(`echo "{{v}} in $(pwd) as $HOME"; [ -e fail ] && exit 7; echo oops; exit 0`)})
	if err := os.MkdirAll(filepath.Join(e.srv.ScriptsDir(), "s2", "srv"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.srv.ScriptsDir(), "s2", "srv", "fail"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	resp, err := c.InvokeCommand(&swas.InvokeCommandRequest{RegionId: tea.String(testRegion), CommandId: tea.String(id),
		InstanceIds: tea.String(`["` + testInstance + `","s2"]`), Parameters: map[string]any{"v": "1.4"}, Username: tea.String("deploy")})
	if err != nil {
		t.Fatal(err)
	}
	invokeID := tea.StringValue(resp.Body.InvokeId)
	ok := e.finalResult(t, c, invokeID)
	srv := func(server string) string { return filepath.Join(e.srv.ScriptsDir(), server, "srv") }
	home := func(server string) string { return filepath.Join(e.srv.ScriptsDir(), server, "home", "deploy") }
	if want := encoded("1.4 in " + srv(testInstance) + " as " + home(testInstance) + "\noops\n"); ok.status != "Success" || ok.output != want {
		t.Errorf("%s: %+v, want Success with output %q", testInstance, ok, want)
	}
	failed := e.finalResultOn(t, c, "s2", invokeID)
	if want := encoded("1.4 in " + srv("s2") + " as " + home("s2") + "\n"); failed.status != "Failed" || failed.exitCode != 7 ||
		failed.errorCode != "ExitCodeNonzero" || failed.output != want {
		t.Errorf("s2: %+v, want Failed with exit code 7 and output %q", failed, want)
	}
}
