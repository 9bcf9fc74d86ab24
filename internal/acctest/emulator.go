package acctest

import (
	_ "embed"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// Emulator is a SWAS emulator on loopback with one key pair, one running
// server and a world clock the test controls.
type Emulator struct {
	*emulator.Server
	Clock *emulator.ManualClock
	URL   string
	// CA signed its certificate, with Options.TLS.
	CA *emulator.CA
}

// NewEmulator is an Emulator with the default options.
func NewEmulator(t *testing.T) *Emulator {
	t.Helper()
	return NewEmulatorWithOptions(t, emulator.Options{})
}

// NewEmulatorWithOptions is NewEmulator with more options, e.g. a
// RunCommand hook; the clock and the key pair are the test's.
func NewEmulatorWithOptions(t *testing.T, opts emulator.Options) *Emulator {
	t.Helper()
	clock := emulator.NewManualClock(Epoch)
	opts.Clock = clock
	opts.Credentials = []emulator.Credential{{AccessKeyID: KeyID, AccessKeySecret: KeySecret}}
	server := emulator.New(opts)
	server.AddInstance(emulator.Instance{ID: Instance, RegionID: Region, Status: emulator.InstanceRunning})
	return serve(t, server, clock)
}

// NewFixtureEmulator is an Emulator seeded from
// testdata/<test>/emulator.json, as swas-emulator -fixture seeds it, with
// the test's clock and key pair.
func NewFixtureEmulator(t *testing.T, opts emulator.Options) *Emulator {
	t.Helper()
	clock := emulator.NewManualClock(Epoch)
	opts.Clock = clock
	opts.Credentials = []emulator.Credential{{AccessKeyID: KeyID, AccessKeySecret: KeySecret}}
	test, _, _ := strings.Cut(t.Name(), "/")
	server, err := emulator.NewFromFixture(filepath.Join("testdata", test, "emulator.json"), opts)
	if err != nil {
		t.Fatalf("seeding the emulator: %v", err)
	}
	t.Cleanup(server.Close)
	return serve(t, server, clock)
}

// serve starts server on loopback for the test.
func serve(t *testing.T, server *emulator.Server, clock *emulator.ManualClock) *Emulator {
	t.Helper()
	listener, err := emulator.Start(server, "")
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(listener.Close)
	return &Emulator{Server: server, Clock: clock, URL: listener.URL, CA: listener.CA}
}

// NewEmulatorWithFinishedRun is an Emulator whose server ran one command a
// minute ago: invoke id t-seeded, which succeeded printing "hello\n".
func NewEmulatorWithFinishedRun(t *testing.T) *Emulator {
	t.Helper()
	emu := NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-seeded", InstanceID: Instance, CreatedAt: Epoch, Output: []byte("hello\n"),
	})
	emu.Clock.Advance(time.Minute)
	return emu
}

// LateInstance is a server whose agent comes online a minute after the
// test starts, in an emulator that NewLateAgentEmulator makes.
const LateInstance = "ace0706b2ac4454d984295a942130002"

// NewLateAgentEmulator is an Emulator with LateInstance too.
func NewLateAgentEmulator(t *testing.T) *Emulator {
	t.Helper()
	emu := NewEmulator(t)
	emu.AddInstance(emulator.Instance{ID: LateInstance, RegionID: Region, Status: emulator.InstanceRunning, AgentOnlineAfter: time.Minute})
	return emu
}

// ConfigValues fill in a configuration template.
type ConfigValues map[string]any

// providerBlock is the provider block that reaches the test emulator.
//
//go:embed provider.tf
var providerBlock string

// LoadConfig returns the configuration in testdata/<test>/<file>, <test>
// being the name of the running test without its subtests, filled in with
// values. A configuration is a text/template with [[ ]] delimiters, which
// leave HCL's ${ } and Cloud Assistant's {{ }} alone; [[template
// "provider.tf" .]] includes provider.tf, the provider block that reaches
// the test emulator.
func LoadConfig(t *testing.T, file string, values ConfigValues) string {
	t.Helper()
	test, _, _ := strings.Cut(t.Name(), "/")
	tmpl, err := template.New("provider.tf").Delims("[[", "]]").Option("missingkey=error").Parse(providerBlock)
	if err == nil {
		tmpl, err = tmpl.ParseFiles(filepath.Join("testdata", test, file))
	}
	if err != nil {
		t.Fatalf("loading a configuration: %v", err)
	}
	var config strings.Builder
	if err := tmpl.ExecuteTemplate(&config, file, values); err != nil {
		t.Fatalf("filling in a configuration: %v", err)
	}
	return config.String()
}

// Config is LoadConfig with Endpoint, Region, AccessKey, SecretKey and
// Instance set to reach the emulator's server, unless values set them.
func (e *Emulator) Config(t *testing.T, file string, values ConfigValues) string {
	t.Helper()
	all := ConfigValues{
		"Endpoint":  e.URL,
		"Region":    Region,
		"AccessKey": KeyID,
		"SecretKey": KeySecret,
		"Instance":  Instance,
	}
	maps.Copy(all, values)
	return LoadConfig(t, file, all)
}
