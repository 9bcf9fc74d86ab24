package acctest

import (
	"bytes"
	_ "embed"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// terraformBlock makes "swas" mean openswas/swas in a configuration that
// the CLI runs itself; scripts/docs.sh adds it too.
//
//go:embed terraform.tf
var terraformBlock []byte

// RepositoryRoot is the directory of the provider's main package: the
// nearest above the test's own that holds go.mod.
func RepositoryRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// buildProviderMirror builds the provider into a filesystem mirror under
// ProviderHost with scripts/lib.sh, as make quickstart and make docs do,
// and returns a CLI configuration that installs it from there and nothing
// from the network.
func buildProviderMirror(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := `root=$1 && . "$root/scripts/lib.sh" && build_provider "$2" "$3"`
	build := exec.CommandContext(t.Context(), "bash", "-c", script, "bash", RepositoryRoot(t), dir, ProviderHost())
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider mirror: %v\n%s", err, out)
	}
	return filepath.Join(dir, "tofurc")
}

// AddTerraformBlock writes terraform.tf into dir, so that "swas" in the
// configuration there means openswas/swas.
func AddTerraformBlock(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "terraform.tf"), terraformBlock, 0o600); err != nil {
		t.Fatal(err)
	}
}

// NewTofuCLI runs the CLI of TF_ACC_TERRAFORM_PATH, for tests that need
// more than terraform-plugin-testing offers, with the provider built from
// this tree.
func NewTofuCLI(t *testing.T) TofuCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run OpenTofu")
	}
	return TofuCLI{path: os.Getenv("TF_ACC_TERRAFORM_PATH"), config: buildProviderMirror(t)}
}

// TofuCLI runs OpenTofu with its own CLI configuration and an environment
// cleared of anything that could change the outcome.
type TofuCLI struct {
	path   string
	config string
}

// Run runs tofu in dir with extra environment variables, failing the test
// if it fails, and returns its standard output.
func (c TofuCLI) Run(t *testing.T, dir string, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := c.Command(t, dir, extraEnv, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tofu %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// RunFailing runs tofu in dir, expecting it to fail, and returns what it
// printed.
func (c TofuCLI) RunFailing(t *testing.T, dir string, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := c.Command(t, dir, extraEnv, args...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	var exit *exec.ExitError
	if err := cmd.Run(); err == nil {
		t.Fatalf("tofu %s succeeded:\n%s", strings.Join(args, " "), output.String())
	} else if !errors.As(err, &exit) {
		t.Fatalf("tofu %s: %v", strings.Join(args, " "), err)
	}
	return output.String()
}

// Command prepares tofu to run in dir, for tests that must signal it.
func (c TofuCLI) Command(t *testing.T, dir string, extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(t.Context(), c.path, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "ALIBABA_CLOUD_") &&
			!strings.HasPrefix(name, "ALICLOUD_") && !strings.HasPrefix(name, "SWAS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+c.config, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	cmd.Env = append(cmd.Env, extraEnv...)
	return cmd
}

// Script prepares a bash script to run in dir with the environment tofu
// would have, TF naming the CLI, for tests that run what a guide tells
// users to run.
func (c TofuCLI) Script(t *testing.T, dir string, extraEnv []string, script string) *exec.Cmd {
	cmd := c.Command(t, dir, append([]string{"TF=" + c.path}, extraEnv...))
	cmd.Path, cmd.Args = "/bin/bash", []string{"bash", script}
	return cmd
}

// ProcessWorkspace builds the provider, writes config into a fresh
// directory and runs tofu init there.
func ProcessWorkspace(t *testing.T, config string) (TofuCLI, string) {
	t.Helper()
	tofu := NewTofuCLI(t)
	work := t.TempDir()
	AddTerraformBlock(t, work)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	tofu.Run(t, work, nil, "init", "-input=false", "-no-color")
	return tofu, work
}

// InterruptPlan runs tofu plan in work, sends it SIGINT once ready reports
// true, and checks that it failed within two seconds of the signal. It
// returns what tofu printed.
func InterruptPlan(t *testing.T, tofu TofuCLI, work string, ready func() bool) string {
	t.Helper()
	return Interrupt(t, tofu, work, []string{"plan", "-input=false", "-no-color"}, ready)
}

// Interrupt runs tofu with args in work, sends it SIGINT once ready
// reports true, and checks that it failed within two seconds of the
// signal. It returns what tofu printed.
func Interrupt(t *testing.T, tofu TofuCLI, work string, args []string, ready func() bool) string {
	t.Helper()
	cmd := tofu.Command(t, work, nil, args...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !ready() {
		if time.Now().After(deadline) {
			t.Fatalf("tofu %s never got ready to interrupt:\n%s", args[0], output.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	interrupted := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("tofu still ran 15s after SIGINT (then killed: %v):\n%s", <-exited, output.String())
	}
	stopped := time.Since(interrupted)
	t.Logf("tofu exited %v %s after SIGINT", err, stopped.Round(time.Millisecond))
	if err == nil {
		t.Errorf("an interrupted tofu %s succeeded:\n%s", args[0], output.String())
	}
	if stopped > 2*time.Second {
		t.Errorf("tofu took %s to stop after SIGINT, want at most 2s:\n%s", stopped, output.String())
	}
	return output.String()
}

// InitExample serves server on loopback, copies the example in dir and
// runs init in the copy; env is what points OpenTofu's provider at server,
// as `make quickstart` does.
func InitExample(t *testing.T, tofu TofuCLI, dir string, server *emulator.Server) (work string, env []string) {
	t.Helper()
	listener, err := emulator.Start(server, "")
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(listener.Close)
	credential := server.Credentials()[0]
	env = []string{
		"SWAS_ENDPOINT=" + listener.URL,
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + credential.AccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + credential.AccessKeySecret,
		"ALIBABA_CLOUD_REGION_ID=" + server.Regions()[0],
	}
	work = CopyExample(t, dir)
	tofu.Run(t, work, env, "init", "-input=false", "-no-color")
	return work, env
}

// CopyExample copies the files of an example into a temporary directory, so
// that init leaves nothing behind in the tree. Snippets shown in the docs
// leave out the terraform block; the copy gets one so that "swas" means
// openswas/swas.
func CopyExample(t *testing.T, dir string) string {
	t.Helper()
	work := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	declared := false
	for _, entry := range entries {
		if !entry.Type().IsRegular() {
			continue
		}
		content, err := os.ReadFile(filepath.Join(dir, entry.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(entry.Name()) == ".tf" && bytes.Contains(content, []byte("required_providers")) {
			declared = true
		}
		if err := os.WriteFile(filepath.Join(work, entry.Name()), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !declared {
		AddTerraformBlock(t, work)
	}
	return work
}
