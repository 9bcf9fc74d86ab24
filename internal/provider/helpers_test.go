package provider

// Helpers shared by the tests of this package: the emulator the provider
// talks to, the provider served in-process, state checks, and OpenTofu run
// as a user runs it.

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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

// The emulator's actions whose requests tests count or disturb.
const (
	describeResultAction = "DescribeInvocationResult"
	runCommandAction     = "RunCommand"
)

// The addresses of what the tests' configurations declare.
const (
	resultAddress = "data.swas_invocation_result.test"
	runAddress    = "swas_run_command.test"
)

const (
	commandInvocationsAction = "DescribeCommandInvocations"
	describeAgentAction      = "DescribeCloudAssistantAttributes"
	// lateInstance is a server whose agent comes online a minute after
	// the test starts.
	lateInstance = "ace0706b2ac4454d984295a942130002"
)

// TestMain gives the acceptance tests a CLI configuration of their own, so
// that nothing from the machine leaks in, and checks that they were told
// which CLI to run.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		os.Exit(m.Run())
	}
	dir, err := setUpAcceptance()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// setUpAcceptance points TF_CLI_CONFIG_FILE at an empty file in a new
// directory, which it returns.
func setUpAcceptance() (string, error) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		return "", errors.New("acceptance tests need TF_ACC_TERRAFORM_PATH, the CLI to run, and with OpenTofu " +
			"TF_ACC_PROVIDER_HOST=registry.opentofu.org: `make test` sets both for the pinned OpenTofu")
	}
	dir, err := os.MkdirTemp("", "swas-acc-")
	if err != nil {
		return "", err
	}
	cliConfig := filepath.Join(dir, "tofurc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		return "", err
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	os.Setenv("CHECKPOINT_DISABLE", "1")
	return dir, nil
}

// providerHost is the registry host under which the CLI resolves
// "openswas/swas", and terraform-plugin-testing the provider it serves:
// TF_ACC_PROVIDER_HOST, with terraform-plugin-testing's default.
func providerHost() string {
	if host := os.Getenv(resource.EnvTfAccProviderHost); host != "" {
		return host
	}
	return "registry.terraform.io"
}

// quickWait makes waiting quick in tests; its bounds are covered by unit
// tests.
var quickWait = swasclient.WaitOptions{
	Poll:          swasclient.PollSchedule{Min: 200 * time.Millisecond, Max: time.Second},
	NotFoundGrace: 2 * time.Second,
}

// providersWithEmptyEnv serves the provider in-process with an empty
// environment, so that the machine's variables cannot change results.
func providersWithEmptyEnv() map[string]func() (tfprotov6.ProviderServer, error) {
	return providersWithEnv(nil)
}

// providersWithEnv serves the provider in-process with the given
// environment only.
func providersWithEnv(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"swas": providerserver.NewProtocol6WithError(NewWithOptions("test", Options{
			Getenv: func(name string) string { return env[name] },
			Wait:   quickWait,
		})()),
	}
}

// testEmulator is a SWAS emulator on loopback with one key pair, one running
// server and a world clock the test controls.
type testEmulator struct {
	*emulator.Server
	clock *emulator.ManualClock
	url   string
	ca    *emulator.CA // signed its certificate, with Options.TLS
}

func newTestEmulator(t *testing.T) *testEmulator {
	t.Helper()
	return newTestEmulatorWithOptions(t, emulator.Options{})
}

// newTestEmulatorWithOptions is newTestEmulator with more options, e.g. a
// RunCommand hook; the clock and the key pair are the test's.
func newTestEmulatorWithOptions(t *testing.T, opts emulator.Options) *testEmulator {
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
	return &testEmulator{Server: server, clock: clock, url: listener.URL, ca: listener.CA}
}

// newEmulatorWithFinishedRun is a test emulator whose server ran one
// command a minute ago: invoke id t-seeded, which succeeded printing
// "hello\n".
func newEmulatorWithFinishedRun(t *testing.T) *testEmulator {
	emu := newTestEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-seeded", InstanceID: testInstance, CreatedAt: testEpoch, Output: []byte("hello\n"),
	})
	emu.clock.Advance(time.Minute)
	return emu
}

// configValues fill in a configuration template.
type configValues map[string]any

// loadConfig returns the configuration in testdata/<test>/<file>, <test>
// being the name of the running test without its subtests, filled in with
// values. A configuration is a text/template with [[ ]] delimiters, which
// leave HCL's ${ } and Cloud Assistant's {{ }} alone; [[template
// "provider.tf" .]] includes testdata/provider.tf, the provider block that
// reaches the test emulator.
func loadConfig(t *testing.T, file string, values configValues) string {
	t.Helper()
	test, _, _ := strings.Cut(t.Name(), "/")
	tmpl, err := template.New(file).Delims("[[", "]]").Option("missingkey=error").
		ParseFiles(filepath.Join("testdata", "provider.tf"), filepath.Join("testdata", test, file))
	if err != nil {
		t.Fatalf("loading a configuration: %v", err)
	}
	var config strings.Builder
	if err := tmpl.ExecuteTemplate(&config, file, values); err != nil {
		t.Fatalf("filling in a configuration: %v", err)
	}
	return config.String()
}

// config is loadConfig with Endpoint, Region, AccessKey, SecretKey and
// Instance set to reach the emulator's server, unless values set them.
func (e *testEmulator) config(t *testing.T, file string, values configValues) string {
	t.Helper()
	all := configValues{
		"Endpoint":  e.url,
		"Region":    testRegion,
		"AccessKey": testKeyID,
		"SecretKey": testKeySecret,
		"Instance":  testInstance,
	}
	maps.Copy(all, values)
	return loadConfig(t, file, all)
}

// expectValue checks an attribute of a resource or data source in the
// state.
func expectValue(address, attribute string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(attribute), value)
}

// wrappedRegexp matches pattern in OpenTofu's output, which wraps long
// lines: each space in pattern matches any run of white space.
func wrappedRegexp(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// repositoryRoot is the directory of the provider's main package.
func repositoryRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// buildProviderMirror builds the provider into a filesystem mirror under
// providerHost with scripts/lib.sh, as make quickstart and make docs do,
// and returns a CLI configuration that installs it from there and nothing
// from the network.
func buildProviderMirror(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := `root=$1 && . "$root/scripts/lib.sh" && build_provider "$2" "$3"`
	build := exec.CommandContext(t.Context(), "bash", "-c", script, "bash", repositoryRoot(t), dir, providerHost())
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider mirror: %v\n%s", err, out)
	}
	return filepath.Join(dir, "tofurc")
}

// addTerraformBlock writes testdata/terraform.tf into dir, so that "swas"
// in the configuration there means openswas/swas.
func addTerraformBlock(t *testing.T, dir string) {
	t.Helper()
	block, err := os.ReadFile(filepath.Join("testdata", "terraform.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform.tf"), block, 0o600); err != nil {
		t.Fatal(err)
	}
}

// newTofuCLI runs the CLI of TF_ACC_TERRAFORM_PATH, for tests that need
// more than terraform-plugin-testing offers, with the provider built from
// this tree.
func newTofuCLI(t *testing.T) tofuCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run OpenTofu")
	}
	return tofuCLI{path: os.Getenv("TF_ACC_TERRAFORM_PATH"), config: buildProviderMirror(t)}
}

// tofuCLI runs OpenTofu with its own CLI configuration and an environment
// cleared of anything that could change the outcome.
type tofuCLI struct {
	path   string
	config string
}

// run runs tofu in dir with extra environment variables, failing the test
// if it fails, and returns its standard output.
func (c tofuCLI) run(t *testing.T, dir string, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := c.command(t, dir, extraEnv, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tofu %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// command prepares tofu to run in dir, for tests that must signal it.
func (c tofuCLI) command(t *testing.T, dir string, extraEnv []string, args ...string) *exec.Cmd {
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

// fleetEmulator is a test emulator with servers fleet-01 to fleet-<n>,
// where InvokeCommand fails on the servers the test names, with the exit
// code given, and records the invocations it starts. Each
// DescribeCommandInvocations request moves the clock on a second: with a
// command pending for a second and running for two, waiting takes three
// polls.
type fleetEmulator struct {
	*testEmulator
	mu      sync.Mutex
	fails   map[string]int64
	started []emulator.Invocation
}

func newFleetEmulator(t *testing.T, n int, fails map[string]int64) *fleetEmulator {
	t.Helper()
	e := &fleetEmulator{testEmulator: newTestEmulator(t), fails: fails}
	for i := 1; i <= n; i++ {
		e.AddInstance(emulator.Instance{ID: fleetServer(i), RegionID: testRegion, Status: emulator.InstanceRunning})
	}
	e.SetInvokeCommand(e.invoke)
	e.AdvanceClockOnRequest(commandInvocationsAction, time.Second)
	return e
}

func fleetServer(i int) string { return fmt.Sprintf("fleet-%02d", i) }

// fleetList is the HCL list of servers fleet-01 to fleet-<n>.
func fleetList(n int) string {
	ids := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		ids = append(ids, `"`+fleetServer(i)+`"`)
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

func (e *fleetEmulator) invoke(inv *emulator.Invocation) {
	e.mu.Lock()
	defer e.mu.Unlock()
	inv.Output = []byte("deployed on " + inv.InstanceID + "\n")
	if code, ok := e.fails[inv.InstanceID]; ok {
		inv.FinalStatus, inv.ExitCode = emulator.StatusFailed, code
		inv.Output = []byte("step 1\nerror: disk full on " + inv.InstanceID + "\n")
	}
	e.started = append(e.started, *inv)
}

// lastInvocation is what the API received for the last server started.
func (e *fleetEmulator) lastInvocation(t *testing.T) emulator.Invocation {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.started) == 0 {
		t.Fatal("no command was started")
	}
	return e.started[len(e.started)-1]
}
