package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

const (
	testRegion    = "cn-hangzhou"
	testKeyID     = "LTAI5tEmulatorTestKey"
	testKeySecret = "emulator-test-secret"
	// testInstance is the server most tests run commands on.
	testInstance = "ace0706b2ac4454d984295a942130001"
)

// testEpoch is the emulator's world time when a test starts.
var testEpoch = time.Date(2022, 7, 11, 6, 37, 16, 0, time.UTC)

// TestMain points the acceptance tests at the pinned OpenTofu and at a CLI
// configuration of their own, so that nothing from the machine leaks in.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" {
		if err := setUpAcceptance(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

func setUpAcceptance() error {
	dir, err := os.MkdirTemp("", "swas-acc-")
	if err != nil {
		return err
	}
	cliConfig := filepath.Join(dir, "tofurc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		return err
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	os.Setenv("CHECKPOINT_DISABLE", "1")

	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		tofu, err := filepath.Abs(filepath.Join("..", "..", "bin", "tofu"))
		if err != nil {
			return err
		}
		if _, err := os.Stat(tofu); err != nil {
			return fmt.Errorf("acceptance tests need OpenTofu: run `make tofu` to build it, or set TF_ACC_TERRAFORM_PATH (%w)", err)
		}
		os.Setenv("TF_ACC_TERRAFORM_PATH", tofu)
	}
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		// tofu resolves an undeclared provider under its own registry host.
		os.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
	}
	return nil
}

// testWait makes waiting quick in tests; its bounds are covered by unit tests.
var testWait = swasclient.WaitOptions{
	Poll:          swasclient.PollSchedule{Min: 200 * time.Millisecond, Max: time.Second},
	NotFoundGrace: 2 * time.Second,
}

// protoV6Providers serves the provider in-process with an empty
// environment, so that the machine's variables cannot change results.
func protoV6Providers() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"swas": providerserver.NewProtocol6WithError(NewWithOptions("test", Options{
			Getenv: func(string) string { return "" },
			Wait:   testWait,
		})()),
	}
}

// testEmulator is a SWAS emulator on loopback with one key pair, one running
// server and a world clock the test controls.
type testEmulator struct {
	*emulator.Server
	clock *emulator.ManualClock
	url   string
}

func newTestEmulator(t *testing.T) *testEmulator {
	t.Helper()
	return newTestEmulatorWith(t, emulator.Options{})
}

// newTestEmulatorWith is newTestEmulator with more options, e.g. a
// RunCommand hook; the clock and the key pair are the test's.
func newTestEmulatorWith(t *testing.T, opts emulator.Options) *testEmulator {
	t.Helper()
	clock := emulator.NewManualClock(testEpoch)
	opts.Clock = clock
	opts.Credentials = []emulator.Credential{{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret}}
	server := emulator.New(opts)
	server.AddInstance(emulator.Instance{ID: testInstance, RegionID: testRegion, Status: emulator.InstanceRunning})
	listener, err := emulator.Start(server, "")
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(listener.Close)
	return &testEmulator{Server: server, clock: clock, url: listener.URL}
}

// providerConfig is a provider block that reaches the emulator.
func (e *testEmulator) providerConfig() string {
	return fmt.Sprintf(`
provider "swas" {
  endpoint   = %q
  region     = %q
  access_key = %q
  secret_key = %q
}
`, e.url, testRegion, testKeyID, testKeySecret)
}
