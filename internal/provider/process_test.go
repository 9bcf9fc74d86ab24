package provider_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// These tests run OpenTofu as a user does, with the provider as a plugin
// process, for what terraform-plugin-testing cannot show: signals and logs.

// TestAccFaults_interrupt: SIGINT to tofu while a read waits for a command
// stops the read within two seconds.
func TestAccFaults_interrupt(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-forever", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: 24 * time.Hour})
	emu.Clock.Advance(time.Second)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", nil))

	// A plan: OpenTofu 1.12's apply persists state before it asks providers
	// to stop, and that waits for the running read. Interrupt once the read
	// has polled, so that it is surely waiting.
	output := acctest.InterruptPlan(t, tofu, work, func() bool { return emu.Requests(acctest.DescribeResultAction) >= 2 })
	t.Logf("interrupt: %d reads", emu.Requests(acctest.DescribeResultAction))
	if !strings.Contains(output, "Stopped waiting for the command") {
		t.Errorf("the interrupted read does not say it stopped waiting:\n%s", output)
	}
}

// TestAccFaults_secretsNotLogged: a TF_LOG=trace run, provider included,
// holds neither the secret key, nor the security token, nor a signature.
func TestAccFaults_secretsNotLogged(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const (
		keyID  = "STS.traceKey"
		secret = "trace-secret-must-not-appear"
		token  = "trace-token-must-not-appear"
	)
	emu.AddCredential(emulator.Credential{AccessKeyID: keyID, AccessKeySecret: secret, SecurityToken: token})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-logged", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("hi\n")})
	emu.Clock.Advance(time.Minute)
	config := emu.Config(t, "main.tf", acctest.ConfigValues{"AccessKey": keyID, "SecretKey": secret, "Token": token})
	tofu, work := acctest.ProcessWorkspace(t, config)

	logFile := filepath.Join(t.TempDir(), "trace.log")
	tofu.Run(t, work, []string{"TF_LOG=trace", "TF_LOG_PATH=" + logFile}, "apply", "-auto-approve", "-input=false", "-no-color")
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
