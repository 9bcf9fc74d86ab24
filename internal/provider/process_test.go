package provider

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// These tests run OpenTofu as a user does, with the provider as a plugin
// process, for what terraform-plugin-testing cannot show: signals and logs.

// processWorkspace builds the provider, writes config into a fresh
// directory and runs tofu init there.
func processWorkspace(t *testing.T, config string) (tofuCLI, string) {
	t.Helper()
	tofu := newTofuCLI(t)
	work := t.TempDir()
	addTerraformBlock(t, work)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	tofu.run(t, work, nil, "init", "-input=false", "-no-color")
	return tofu, work
}

// TestAccFaults_interrupt: SIGINT to tofu while a read waits for a command
// stops the read within two seconds.
func TestAccFaults_interrupt(t *testing.T) {
	emu := newTestEmulator(t)
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-forever", InstanceID: testInstance, CreatedAt: testEpoch, RunningFor: 24 * time.Hour})
	emu.clock.Advance(time.Second)
	tofu, work := processWorkspace(t, emu.config(t, "main.tf", nil))

	// A plan: OpenTofu 1.12's apply persists state before it asks providers
	// to stop, and that waits for the running read. Interrupt once the read
	// has polled, so that it is surely waiting.
	output := interruptPlan(t, tofu, work, func() bool { return emu.Requests(describeResultAction) >= 2 })
	t.Logf("interrupt: %d reads", emu.Requests(describeResultAction))
	if !strings.Contains(output, "Stopped waiting for the command") {
		t.Errorf("the interrupted read does not say it stopped waiting:\n%s", output)
	}
}

// interruptPlan runs tofu plan in work, sends it SIGINT once ready reports
// true, and checks that it failed within two seconds of the signal. It
// returns what tofu printed.
func interruptPlan(t *testing.T, tofu tofuCLI, work string, ready func() bool) string {
	t.Helper()
	plan := tofu.command(t, work, nil, "plan", "-input=false", "-no-color")
	var output bytes.Buffer
	plan.Stdout, plan.Stderr = &output, &output
	if err := plan.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !ready() {
		if time.Now().After(deadline) {
			t.Fatalf("the plan never got ready to interrupt:\n%s", output.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	interrupted := time.Now()
	if err := plan.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- plan.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(15 * time.Second):
		_ = plan.Process.Kill()
		t.Fatalf("tofu still ran 15s after SIGINT (then killed: %v):\n%s", <-exited, output.String())
	}
	stopped := time.Since(interrupted)
	t.Logf("tofu exited %v %s after SIGINT", err, stopped.Round(time.Millisecond))
	if err == nil {
		t.Errorf("an interrupted plan succeeded:\n%s", output.String())
	}
	if stopped > 2*time.Second {
		t.Errorf("tofu took %s to stop after SIGINT, want at most 2s:\n%s", stopped, output.String())
	}
	return output.String()
}

// TestAccFaults_secretsNotLogged: a TF_LOG=trace run, provider included,
// holds neither the secret key, nor the security token, nor a signature.
func TestAccFaults_secretsNotLogged(t *testing.T) {
	emu := newTestEmulator(t)
	const (
		keyID  = "STS.traceKey"
		secret = "trace-secret-must-not-appear"
		token  = "trace-token-must-not-appear"
	)
	emu.AddCredential(emulator.Credential{AccessKeyID: keyID, AccessKeySecret: secret, SecurityToken: token})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-logged", InstanceID: testInstance, CreatedAt: testEpoch, Output: []byte("hi\n")})
	emu.clock.Advance(time.Minute)
	config := emu.config(t, "main.tf", configValues{"AccessKey": keyID, "SecretKey": secret, "Token": token})
	tofu, work := processWorkspace(t, config)

	logFile := filepath.Join(t.TempDir(), "trace.log")
	tofu.run(t, work, []string{"TF_LOG=trace", "TF_LOG_PATH=" + logFile}, "apply", "-auto-approve", "-input=false", "-no-color")
	logged, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(logged, []byte("SWAS API call succeeded")) {
		t.Fatalf("the trace log has no provider lines; the test would prove nothing (%d bytes)", len(logged))
	}
	for name, secretText := range map[string]string{
		"secret key":     secret,
		"security token": token,
		"signature":      "Signature=",
		"authorization":  "ACS3-HMAC-SHA256 Credential",
	} {
		if bytes.Contains(logged, []byte(secretText)) {
			t.Errorf("the trace log (%d bytes) contains the %s", len(logged), name)
		}
	}
	t.Logf("secrets: %d bytes of trace log, no secret key, token or signature", len(logged))
}
