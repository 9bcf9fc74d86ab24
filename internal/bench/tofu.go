package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// tofu runs OpenTofu plans in an environment of our own.
type tofu struct {
	bin string
	// cliConfig points OpenTofu at the provider just built (dev_overrides),
	// so that plans need no init and no network.
	cliConfig string
}

func newTofu(bin, work, provider string) (*tofu, error) {
	cliConfig := filepath.Join(work, "tofurc")
	content := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		providerSource, filepath.Dir(provider))
	if err := os.WriteFile(cliConfig, []byte(content), 0o600); err != nil {
		return nil, err
	}
	return &tofu{bin: bin, cliConfig: cliConfig}, nil
}

// cleanEnv is our environment without what could change how OpenTofu or
// the provider behave: other credentials, regions, endpoints and OpenTofu's
// own settings (TF_LOG would make every run slower).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !hasAnyPrefix(name, "TF_", "ALIBABA_CLOUD_", "ALICLOUD_", "SWAS_", "CHECKPOINT_") {
			env = append(env, kv)
		}
	}
	return append(env, "CHECKPOINT_DISABLE=1")
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// planRun is one `tofu plan`.
type planRun struct {
	wall time.Duration
	// cpu is OpenTofu's user and system time, with that of the children it
	// waited for: providers it started, not a reattached one.
	cpu time.Duration
}

// plan runs `tofu plan` in dir, with env added to the clean environment.
func (t *tofu) plan(ctx context.Context, dir string, env ...string) (planRun, error) {
	run, out, err := t.run(ctx, dir, []string{"plan", "-input=false", "-no-color"}, env...)
	if err != nil {
		return planRun{}, fmt.Errorf("tofu plan in %s: %w\n%s", dir, err, lastBytes(out, 4000))
	}
	return run, nil
}

// run runs tofu with args in dir, with env added to the clean environment,
// and returns what it printed whether or not it failed.
func (t *tofu) run(ctx context.Context, dir string, args []string, env ...string) (planRun, []byte, error) {
	cmd := exec.CommandContext(ctx, t.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+t.cliConfig)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return planRun{wall: wall}, out.Bytes(), err
	}
	return planRun{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}, out.Bytes(), err
}

func lastBytes(b []byte, n int) []byte {
	return b[max(0, len(b)-n):]
}

// The i-th server and the command run on it. Both configurations compute
// them with the same expressions, so that the floor evaluates as much.
const (
	instanceFormat = "ace0706b2ac4454d984295a9%08d"
	invokeFormat   = "t-bench%08d"
)

func instanceID(i int) string { return fmt.Sprintf(instanceFormat, i) }
func invokeID(i int) string   { return fmt.Sprintf(invokeFormat, i) }

// writeWorkspace writes a configuration into a new directory under work.
func writeWorkspace(work, name, config string) (string, error) {
	dir := filepath.Join(work, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
}

// floorConfig is OpenTofu's own floor: n built-in resources, no provider.
func floorConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "server" {
  count = %d
  input = {
    instance_id = format(%q, count.index)
    invoke_id   = format(%q, count.index)
  }
}
`, n, instanceFormat, invokeFormat)
}

// swasConfig reads n invocations, one per server; extra goes into each
// data source.
func swasConfig(b *backend, n int, extra string) string {
	return providerConfig(b) + fmt.Sprintf(`
data "swas_invocation_result" "server" {
  count       = %d
  instance_id = format(%q, count.index)
  invoke_id   = format(%q, count.index)
%s}
`, n, instanceFormat, invokeFormat, extra)
}

// providerConfig is the provider, with its defaults, pointed at b.
func providerConfig(b *backend) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    swas = {
      source = %q
    }
  }
}

provider "swas" {
  endpoint   = %q
  region     = %q
  access_key = %q
  secret_key = %q
}
`, providerSource, b.url, region, b.keyID, b.secret)
}
