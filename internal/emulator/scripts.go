package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// ScriptOptions turn on running commands for real. The zero value is off:
// every command then gets the canned outcome of Options.RunCommand or the
// default timeline.
//
// When Enabled, RunCommand and InvokeCommand run each RunShellScript
// command (InvokeCommand's on each server) in /bin/sh on this machine, as the user running the emulator, with a minimal
// environment (PATH and HOME only), in a directory of its server (see
// Root). Nothing else is isolated: a script can read and write whatever
// that user can, and absolute paths in it are this machine's. Each
// command is a process group of its own, ended when the command ends
// (background processes included), when it times out, and when the
// server is closed. RunBatScript and RunPowerShellScript commands end
// Invalid with CommandNotApplicable, as on a Linux server.
type ScriptOptions struct {
	// Enabled runs the commands of the allowed instances for real.
	Enabled bool
	// Root is an existing directory in which the server makes a fresh
	// directory for itself, with one directory per instance in it that
	// stands for the instance's file system: WorkingDir "/srv/app" is
	// <instance directory>/srv/app, made if missing, and the default is
	// /root for root and /home/<user> for other users. Empty means the
	// system's temporary directory; the server's directory is then removed
	// by Close, and otherwise kept.
	Root string
	// Allow lists the instances whose commands run for real; empty means
	// every instance.
	Allow []string
}

func (o ScriptOptions) validate() error {
	if !o.Enabled || o.Root == "" {
		return nil
	}
	info, err := os.Stat(o.Root)
	if err != nil {
		return fmt.Errorf("scripts root: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("scripts root %s is not a directory", o.Root)
	}
	return nil
}

// scriptPath is the PATH scripts run with: the usual system directories,
// not the emulator's own.
const scriptPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// scriptRunner runs commands for real, each in a process group of its
// own, in a directory per instance: RunCommand starts one script,
// InvokeCommand one per server.
type scriptRunner struct {
	allow map[string]bool // empty: every instance
	dir   string          // this server's directory, under Root
	owned bool            // dir is removed by close
	clock Clock
	logf  func(string, ...any)

	mu      sync.Mutex
	closed  bool
	running map[*script]bool
}

func newScriptRunner(opts ScriptOptions, clock Clock, logf func(string, ...any)) (*scriptRunner, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	root := opts.Root
	if root == "" {
		root = os.TempDir()
	}
	dir, err := os.MkdirTemp(root, "swas-emulator-")
	if err != nil {
		return nil, fmt.Errorf("scripts directory: %w", err)
	}
	r := &scriptRunner{
		allow: map[string]bool{}, dir: dir, owned: opts.Root == "",
		clock: clock, logf: logf, running: map[*script]bool{},
	}
	for _, id := range opts.Allow {
		r.allow[id] = true
	}
	return r, nil
}

// allows reports whether the commands of an instance run for real; a nil
// runner allows none.
func (r *scriptRunner) allows(instanceID string) bool {
	return r != nil && (len(r.allow) == 0 || r.allow[instanceID])
}

// scriptJob is one command to run on one instance.
type scriptJob struct {
	instanceID, invokeID string
	commandType          string
	content              string // placeholders already filled
	workingDir, user     string // as the API received them
	createdAt            time.Time
	timeout              time.Duration
}

// prepare makes inv the run of job: a script to start once inv is stored,
// or, for a command that does not apply to a Linux server, an Invalid end.
func (r *scriptRunner) prepare(inv *Invocation, job scriptJob) *script {
	inv.PendingFor, inv.RunningFor, inv.StoppingFor = 0, 0, 0
	if job.commandType != "RunShellScript" {
		inv.FinalStatus = StatusInvalid
		return nil
	}
	x := &script{runner: r, job: job, done: make(chan struct{})}
	inv.script = x
	return x
}

// instanceDir is where an instance's file system is, and instancePath
// where a path on it is: always inside the instance's directory.
func (r *scriptRunner) instanceDir(instanceID string) string {
	return filepath.Join(r.dir, filepath.Base(filepath.Clean("/"+instanceID)))
}

func (r *scriptRunner) instancePath(instanceID, p string) string {
	return filepath.Join(r.instanceDir(instanceID), filepath.FromSlash(path.Clean("/"+p)))
}

// directories returns, and makes, the directory a job runs in and its
// user's home.
func (r *scriptRunner) directories(job scriptJob) (workDir, home string, err error) {
	home = "/home/" + job.user
	if job.user == "root" {
		home = "/root"
	}
	home = r.instancePath(job.instanceID, home)
	workDir = home
	if job.workingDir != "" {
		workDir = r.instancePath(job.instanceID, job.workingDir)
	}
	for _, dir := range []string{home, workDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", "", err
		}
	}
	return workDir, home, nil
}

// track adds a started script to those close ends, unless the runner is
// closed already.
func (r *scriptRunner) track(x *script) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return errors.New("the emulator is stopping")
	}
	r.running[x] = true
	return nil
}

func (r *scriptRunner) untrack(x *script) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, x)
}

// close ends the process group of every script still running, waits for
// them to end, and removes the directory if the runner made it under the
// system's temporary directory.
func (r *scriptRunner) close() {
	r.mu.Lock()
	r.closed = true
	running := slices.Collect(maps.Keys(r.running))
	r.mu.Unlock()
	for _, x := range running {
		x.kill()
	}
	for _, x := range running {
		<-x.done
	}
	if r.owned {
		if err := os.RemoveAll(r.dir); err != nil {
			r.logf("swas-emulator: removing the scripts directory: %v", err)
		}
	}
}

// placeholder is a custom parameter in a command, {{name}}: letters,
// digits, _ and -, at most 64 of them, with the spaces and line feeds
// around the name ignored, as the API describes them.
var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_-]{1,64})\s*\}\}`)

// substitute fills a command's placeholders from parameters, as the API
// does with EnableParameter: names match whatever their case, and a
// placeholder without a value becomes empty, the API's way of leaving a
// parameter out. Values that are not strings are written as JSON.
func substitute(content string, parameters map[string]any) string {
	values := make(map[string]string, len(parameters))
	for name, value := range parameters {
		text, ok := value.(string)
		if !ok {
			b, _ := json.Marshal(value) // Parameters came from JSON
			text = string(b)
		}
		values[strings.ToLower(name)] = text
	}
	return placeholder.ReplaceAllStringFunc(content, func(match string) string {
		return values[strings.ToLower(placeholder.FindStringSubmatch(match)[1])]
	})
}

// Close ends the commands running for real (Options.Scripts): it kills
// their process groups, waits for them to end, and removes the scripts'
// directory if the server made it in the system's temporary directory.
// Commands started afterwards end with Error. Without scripts it does
// nothing.
func (s *Server) Close() {
	if s.scripts != nil {
		s.scripts.close()
	}
}

// ScriptsDir returns the directory in which commands run for real, with a
// directory per instance in it, or "" when scripts are off.
func (s *Server) ScriptsDir() string {
	if s.scripts == nil {
		return ""
	}
	return s.scripts.dir
}
