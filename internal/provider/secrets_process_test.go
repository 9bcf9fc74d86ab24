package provider

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// These tests run OpenTofu as a user does and grep what it writes, the
// state, saved plans, its output and its trace log, for secrets.

// The markers placed in a command's script, its parameters and its output.
var secretMarkers = map[string]string{
	"script":    "script-marker-4f1c",
	"parameter": "parameter-marker-9b2e",
	"output":    "output-marker-7d3a",
}

// markerValues fill in a configuration with the markers.
func markerValues() configValues {
	return configValues{"ScriptMarker": secretMarkers["script"], "ParameterMarker": secretMarkers["parameter"]}
}

// markerVariables pass the markers in the variables script_secret and
// parameter_secret.
var markerVariables = []string{
	"TF_VAR_script_secret=" + secretMarkers["script"],
	"TF_VAR_parameter_secret=" + secretMarkers["parameter"],
}

// expectNoMarker fails the test if text holds a marker; what names it.
func expectNoMarker(t *testing.T, what string, text []byte) {
	t.Helper()
	for name, marker := range secretMarkers {
		if bytes.Contains(text, []byte(marker)) {
			t.Errorf("%s (%d bytes) holds the %s marker", what, len(text), name)
		}
	}
}

// readFile returns the content of a file the test expects to exist.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return content
}

// planShowAndApply saves a plan, checks `tofu show -json` of it for
// markers, applies it and checks the state file.
func planShowAndApply(t *testing.T, tofu tofuCLI, work, name string, args ...string) {
	t.Helper()
	plan := name + ".tfplan"
	tofu.run(t, work, markerVariables, append([]string{"plan", "-input=false", "-no-color", "-out=" + plan}, args...)...)
	expectNoMarker(t, "tofu show -json of the "+name+" plan", []byte(tofu.run(t, work, nil, "show", "-json", plan)))
	expectNoMarkerInPlanFile(t, filepath.Join(work, plan))
	// Ephemeral variables are given again to apply a saved plan.
	tofu.run(t, work, markerVariables, "apply", "-input=false", "-no-color", plan)
	expectNoMarker(t, "the state after the "+name+" apply", readFile(t, filepath.Join(work, "terraform.tfstate")))
}

// expectNoMarkerInPlanFile greps each file of a saved plan, a zip archive:
// the plan, the configuration and the states it holds.
func expectNoMarkerInPlanFile(t *testing.T, path string) {
	t.Helper()
	archive, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer archive.Close()
	for _, file := range archive.File {
		content, err := file.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(content)
		content.Close()
		if err != nil {
			t.Fatal(err)
		}
		expectNoMarker(t, "file "+file.Name+" of "+filepath.Base(path), raw)
	}
}

// TestAccSecrets_notInStateOrPlan runs a write-only script with write-only
// parameters that prints a token, kept out of the state, reads the token
// ephemerally and runs a write-only script made of it: no marker is in any
// saved plan or in the state, yet each reached the API.
func TestAccSecrets_notInStateOrPlan(t *testing.T) {
	emu := newRunEmulator(t, commandOutcome{output: "token " + secretMarkers["output"] + "\n"})
	tofu, work := processWorkspace(t, emu.config(t, "main.tf", nil))

	planShowAndApply(t, tofu, work, "create")
	emu.expectRuns(t, 2)
	// The ephemeral resource is read while planning now, so the token is in
	// the plan's write-only argument.
	planShowAndApply(t, tofu, work, "rejoin", "-var=join_version=2")
	emu.expectRuns(t, 3)

	runs := emu.startedRuns()
	token := runs[0]
	if !strings.Contains(token.CommandContent, secretMarkers["script"]) || token.Parameters["secret"] != secretMarkers["parameter"] {
		t.Errorf("the token command reached the API as %q with %v", token.CommandContent, token.Parameters)
	}
	for _, join := range runs[1:] {
		if join.CommandContent != "join token "+secretMarkers["output"]+"\n" {
			t.Errorf("the join command reached the API as %q, want the token read ephemerally", join.CommandContent)
		}
	}
}

// runFailing runs tofu in dir, expecting it to fail, and returns what it
// printed.
func (c tofuCLI) runFailing(t *testing.T, dir string, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := c.command(t, dir, extraEnv, args...)
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

// TestAccSecrets_droppedConnection drops the connection while RunCommand is
// sent, and while the result is read: the errors name the action and the
// host, and neither they nor any line of a trace log hold the script or
// the parameters, which RunCommand sends in its query.
func TestAccSecrets_droppedConnection(t *testing.T) {
	for _, c := range []struct{ action, want string }{
		{runCommandAction, `The command may have started`},
		{describeResultAction, `SWAS API unavailable`},
	} {
		t.Run(c.action, func(t *testing.T) {
			emu := newRunEmulator(t, succeeds)
			emu.SetFault(c.action, emulator.Fault{DropConnection: true})
			tofu, work := processWorkspace(t, emu.config(t, "main.tf", markerValues()))
			logFile := filepath.Join(t.TempDir(), "trace.log")

			output := tofu.runFailing(t, work, []string{"TF_LOG=trace", "TF_LOG_PATH=" + logFile},
				"apply", "-auto-approve", "-input=false", "-no-color")
			diagnostics := output[strings.Index(output, "Error: "):]
			if !wrappedRegexp(c.want + `.*` + c.action + `.*Post \\?"` + regexp.QuoteMeta(emu.url) + `/\\?": EOF`).MatchString(diagnostics) {
				t.Errorf("the error does not name the action, the host and the cause:\n%s", diagnostics)
			}
			expectNoMarker(t, "the diagnostics", []byte(diagnostics))
			logged := readFile(t, logFile)
			if !bytes.Contains(logged, []byte("SWAS API call failed")) {
				t.Fatalf("the trace log has no failed call; the test would prove nothing (%d bytes)", len(logged))
			}
			expectNoMarker(t, "the trace log", logged)
			t.Logf("%s dropped: %d requests, %d bytes of trace log checked", c.action, emu.Requests(c.action), len(logged))
		})
	}
}

// TestAccSecrets_importWriteOnly imports a run whose configuration sets
// the script and parameters write-only: the import says what it cannot
// recover, and the next apply removes the script and parameters it
// recovered from the state without running the command again.
func TestAccSecrets_importWriteOnly(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-imported", InstanceID: testInstance, CreatedAt: testEpoch, CommandName: defaultCommandName,
		CommandType: shellScript, CommandContent: "echo " + secretMarkers["script"] + " {{token}}",
		Parameters: map[string]any{"token": secretMarkers["parameter"]}, Output: []byte("done\n"),
	})
	emu.clock.Advance(time.Minute)
	tofu, work := processWorkspace(t, emu.config(t, "main.tf", nil))

	imported := tofu.run(t, work, markerVariables, "import", "-input=false", "-no-color", runAddress, testInstance+":t-imported")
	if !wrappedRegexp(`Some arguments cannot be imported.*command_content_wo, parameters_wo and command_content_wo_version cannot be recovered`).MatchString(imported) {
		t.Errorf("the import does not say what it cannot recover:\n%s", imported)
	}
	planned := tofu.run(t, work, markerVariables, "plan", "-input=false", "-no-color")
	if !strings.Contains(planned, "will be updated in-place") || strings.Contains(planned, "must be replaced") {
		t.Errorf("the plan after the import does not only update the resource in place:\n%s", planned)
	}
	tofu.run(t, work, markerVariables, "apply", "-auto-approve", "-input=false", "-no-color")
	emu.expectRuns(t, 0)
	expectNoMarker(t, "the state after the apply", readFile(t, filepath.Join(work, "terraform.tfstate")))
}

// TestAccSecrets_stateBeforeStoreOutput: a state written before
// store_output existed, so without it, plans no change, and keeps the
// output.
func TestAccSecrets_stateBeforeStoreOutput(t *testing.T) {
	emu := newRunEmulator(t, succeeds)
	tofu, work := processWorkspace(t, emu.config(t, "main.tf", nil))
	tofu.run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")

	statePath := filepath.Join(work, "terraform.tfstate")
	state := readFile(t, statePath)
	older := bytes.Replace(state, []byte(`"store_output": true,`), nil, 1)
	if bytes.Equal(older, state) {
		t.Fatalf("the state has no store_output to remove:\n%s", state)
	}
	if err := os.WriteFile(statePath, older, 0o600); err != nil {
		t.Fatal(err)
	}
	planned := tofu.run(t, work, nil, "plan", "-input=false", "-no-color")
	if !strings.Contains(planned, "No changes.") {
		t.Errorf("a state without store_output plans changes:\n%s", planned)
	}
	tofu.run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if !bytes.Contains(readFile(t, statePath), []byte(`"output": "ran: ./setup.sh\n"`)) {
		t.Errorf("the output is no longer in the state:\n%s", readFile(t, statePath))
	}
	emu.expectRuns(t, 1)
}

// TestAccSecrets_outputNotQuoted: when the output is kept out of the state,
// by the ephemeral resource or store_output = false, a require_success
// failure does not quote it, and says how to read it instead, unless
// show_output_on_failure asks for it.
func TestAccSecrets_outputNotQuoted(t *testing.T) {
	printed := "step 1\npassword " + secretMarkers["output"] + "\nerror: disk full\n"
	for _, c := range []struct{ file, readIt string }{
		{"ephemeral.tf", `the swas_invocation_result ephemeral resource keeps it out of plans and the state.*` +
			`Read it in the console's command history of instance ` + testInstance + `, invoke ID t-failed`},
		{"run_command.tf", `store_output = false keeps it out of the state.*Read it with the swas_invocation_result ` +
			`ephemeral resource \(instance ID ` + testInstance + `, invoke ID t-[0-9a-z]+\)`},
	} {
		t.Run(c.file, func(t *testing.T) {
			emu := newRunEmulator(t, commandOutcome{finalStatus: emulator.StatusFailed, exitCode: 2, output: printed})
			emu.AddInvocation(emulator.Invocation{InvokeID: "t-failed", InstanceID: testInstance, CreatedAt: testEpoch,
				FinalStatus: emulator.StatusFailed, ExitCode: 2, Output: []byte(printed)})
			emu.clock.Advance(time.Minute)

			tofu, work := processWorkspace(t, emu.config(t, c.file, configValues{"Show": nil}))
			output := tofu.runFailing(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
			diagnostics := output[strings.Index(output, "Error: "):]
			if !wrappedRegexp(`Command did not succeed.*status Failed, exit code 2.*The output is not shown here: ` + c.readIt +
				`.*set show_output_on_failure = true`).MatchString(diagnostics) {
				t.Errorf("the error does not say how to read the output:\n%s", diagnostics)
			}
			expectNoMarker(t, "the diagnostics", []byte(diagnostics))

			tofu, work = processWorkspace(t, emu.config(t, c.file, configValues{"Show": true}))
			output = tofu.runFailing(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
			if !wrappedRegexp(`Last lines of output: step 1 password ` + secretMarkers["output"] + ` error: disk full`).MatchString(output) {
				t.Errorf("show_output_on_failure = true does not show the output:\n%s", output)
			}
		})
	}
}

// TestAccSecrets_fleet runs a saved command on two servers with write-only
// parameters, keeping the outputs out of the state; one server fails. No
// marker is in the saved plan, the state or the error, which says where to
// read the outputs; the parameter reached the API.
func TestAccSecrets_fleet(t *testing.T) {
	emu := newFleetEmulator(t, 2, map[string]int64{fleetServer(2): 3})
	emu.SetInvokeCommand(func(inv *emulator.Invocation) {
		emu.invoke(inv)
		inv.Output = []byte("token " + secretMarkers["output"] + "\n")
	})
	tofu, work := processWorkspace(t, emu.config(t, "main.tf", configValues{"Instances": fleetList(2)}))

	tofu.run(t, work, markerVariables, "plan", "-input=false", "-no-color", "-out=fleet.tfplan")
	expectNoMarker(t, "tofu show -json of the plan", []byte(tofu.run(t, work, nil, "show", "-json", "fleet.tfplan")))
	expectNoMarkerInPlanFile(t, filepath.Join(work, "fleet.tfplan"))
	output := tofu.runFailing(t, work, markerVariables, "apply", "-input=false", "-no-color", "fleet.tfplan")
	diagnostics := output[strings.Index(output, "Error: "):]
	if !wrappedRegexp(`Command did not succeed on every server.*fleet-02: status Failed, exit code 3.*The output is not ` +
		`shown here: store_output = false keeps it out of the state.*DescribeCommandInvocations`).MatchString(diagnostics) {
		t.Errorf("the error does not say where to read the outputs:\n%s", diagnostics)
	}
	expectNoMarker(t, "the diagnostics", []byte(diagnostics))
	expectNoMarker(t, "the state", readFile(t, filepath.Join(work, "terraform.tfstate")))
	if got := emu.lastInvocation(t).Parameters["token"]; got != secretMarkers["parameter"] {
		t.Errorf("the API ran the command with token %v", got)
	}
}
