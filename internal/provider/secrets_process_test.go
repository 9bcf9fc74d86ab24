package provider_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
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
func markerValues() acctest.ConfigValues {
	return acctest.ConfigValues{"ScriptMarker": secretMarkers["script"], "ParameterMarker": secretMarkers["parameter"]}
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
func planShowAndApply(t *testing.T, tofu acctest.TofuCLI, work, name string, args ...string) {
	t.Helper()
	plan := name + ".tfplan"
	tofu.Run(t, work, markerVariables, append([]string{"plan", "-input=false", "-no-color", "-out=" + plan}, args...)...)
	expectNoMarker(t, "tofu show -json of the "+name+" plan", []byte(tofu.Run(t, work, nil, "show", "-json", plan)))
	expectNoMarkerInPlanFile(t, filepath.Join(work, plan))
	// Ephemeral variables are given again to apply a saved plan.
	tofu.Run(t, work, markerVariables, "apply", "-input=false", "-no-color", plan)
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
	emu := acctest.NewRunEmulator(t, acctest.CommandOutcome{Output: "token " + secretMarkers["output"] + "\n"})
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", nil))

	planShowAndApply(t, tofu, work, "create")
	emu.ExpectRuns(t, 2)
	// The ephemeral resource is read while planning now, so the token is in
	// the plan's write-only argument.
	planShowAndApply(t, tofu, work, "rejoin", "-var=join_version=2")
	emu.ExpectRuns(t, 3)

	runs := emu.StartedRuns()
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

// TestAccSecrets_droppedConnection drops the connection while RunCommand is
// sent, and while the result is read: the errors name the action and the
// host, and neither they nor any line of a trace log hold the script or
// the parameters, which RunCommand sends in its query.
func TestAccSecrets_droppedConnection(t *testing.T) {
	for _, c := range []struct{ action, want string }{
		{acctest.RunCommandAction, `The command may have started`},
		{acctest.DescribeResultAction, `SWAS API unavailable`},
	} {
		t.Run(c.action, func(t *testing.T) {
			emu := acctest.NewRunEmulator(t, acctest.Succeeds)
			emu.SetFault(c.action, emulator.Fault{DropConnection: true})
			tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", markerValues()))
			logFile := filepath.Join(t.TempDir(), "trace.log")

			output := tofu.RunFailing(t, work, []string{"TF_LOG=trace", "TF_LOG_PATH=" + logFile},
				"apply", "-auto-approve", "-input=false", "-no-color")
			diagnostics := output[strings.Index(output, "Error: "):]
			if !acctest.WrappedRegexp(c.want + `.*` + c.action + `.*Post \\?"` + regexp.QuoteMeta(emu.URL) + `/\\?": EOF`).MatchString(diagnostics) {
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
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-imported", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, CommandName: "swas_run_command",
		CommandType: framework.ShellScript, CommandContent: "echo " + secretMarkers["script"] + " {{token}}",
		Parameters: map[string]any{"token": secretMarkers["parameter"]}, Output: []byte("done\n"),
	})
	emu.Clock.Advance(time.Minute)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", nil))

	imported := tofu.Run(t, work, markerVariables, "import", "-input=false", "-no-color", acctest.RunAddress, acctest.Instance+":t-imported")
	if !acctest.WrappedRegexp(`Some arguments cannot be imported.*command_content_wo, parameters_wo and command_content_wo_version cannot be recovered`).MatchString(imported) {
		t.Errorf("the import does not say what it cannot recover:\n%s", imported)
	}
	planned := tofu.Run(t, work, markerVariables, "plan", "-input=false", "-no-color")
	if !strings.Contains(planned, "will be updated in-place") || strings.Contains(planned, "must be replaced") {
		t.Errorf("the plan after the import does not only update the resource in place:\n%s", planned)
	}
	tofu.Run(t, work, markerVariables, "apply", "-auto-approve", "-input=false", "-no-color")
	emu.ExpectRuns(t, 0)
	expectNoMarker(t, "the state after the apply", readFile(t, filepath.Join(work, "terraform.tfstate")))
}

// TestAccSecrets_stateBeforeStoreOutput: a state written before
// store_output existed, so without it, plans no change, and keeps the
// output.
func TestAccSecrets_stateBeforeStoreOutput(t *testing.T) {
	emu := acctest.NewRunEmulator(t, acctest.Succeeds)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", nil))
	tofu.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")

	statePath := filepath.Join(work, "terraform.tfstate")
	state := readFile(t, statePath)
	older := bytes.Replace(state, []byte(`"store_output": true,`), nil, 1)
	if bytes.Equal(older, state) {
		t.Fatalf("the state has no store_output to remove:\n%s", state)
	}
	if err := os.WriteFile(statePath, older, 0o600); err != nil {
		t.Fatal(err)
	}
	planned := tofu.Run(t, work, nil, "plan", "-input=false", "-no-color")
	if !strings.Contains(planned, "No changes.") {
		t.Errorf("a state without store_output plans changes:\n%s", planned)
	}
	tofu.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if !bytes.Contains(readFile(t, statePath), []byte(`"output": "ran: ./setup.sh\n"`)) {
		t.Errorf("the output is no longer in the state:\n%s", readFile(t, statePath))
	}
	emu.ExpectRuns(t, 1)
}

// TestAccSecrets_outputNotQuoted: when the output is kept out of the state,
// by the ephemeral resource or store_output = false, a require_success
// failure does not quote it, and says how to read it instead, unless
// show_output_on_failure asks for it.
func TestAccSecrets_outputNotQuoted(t *testing.T) {
	printed := "step 1\npassword " + secretMarkers["output"] + "\nerror: disk full\n"
	for _, c := range []struct{ file, readIt string }{
		{"ephemeral.tf", `the swas_invocation_result ephemeral resource keeps it out of plans and the state.*` +
			`Read it in the console's command history of instance ` + acctest.Instance + `, invoke ID t-failed`},
		{"run_command.tf", `store_output = false keeps it out of the state.*Read it with the swas_invocation_result ` +
			`ephemeral resource \(instance ID ` + acctest.Instance + `, invoke ID t-[0-9a-z]+\)`},
	} {
		t.Run(c.file, func(t *testing.T) {
			emu := acctest.NewRunEmulator(t, acctest.CommandOutcome{FinalStatus: emulator.StatusFailed, ExitCode: 2, Output: printed})
			emu.AddInvocation(emulator.Invocation{InvokeID: "t-failed", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch,
				FinalStatus: emulator.StatusFailed, ExitCode: 2, Output: []byte(printed)})
			emu.Clock.Advance(time.Minute)

			tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, c.file, acctest.ConfigValues{"Show": nil}))
			output := tofu.RunFailing(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
			diagnostics := output[strings.Index(output, "Error: "):]
			if !acctest.WrappedRegexp(`Command did not succeed.*status Failed, exit code 2.*The output is not shown here: ` + c.readIt +
				`.*set show_output_on_failure = true`).MatchString(diagnostics) {
				t.Errorf("the error does not say how to read the output:\n%s", diagnostics)
			}
			expectNoMarker(t, "the diagnostics", []byte(diagnostics))

			tofu, work = acctest.ProcessWorkspace(t, emu.Config(t, c.file, acctest.ConfigValues{"Show": true}))
			output = tofu.RunFailing(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")
			if !acctest.WrappedRegexp(`Last lines of output: step 1 password ` + secretMarkers["output"] + ` error: disk full`).MatchString(output) {
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
	emu := acctest.NewFleetEmulator(t, 2, map[string]int64{acctest.FleetServer(2): 3})
	emu.SetInvokeCommand(func(inv *emulator.Invocation) {
		emu.Invoke(inv)
		inv.Output = []byte("token " + secretMarkers["output"] + "\n")
	})
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", acctest.ConfigValues{"Instances": acctest.Fleet(2)}))

	tofu.Run(t, work, markerVariables, "plan", "-input=false", "-no-color", "-out=fleet.tfplan")
	expectNoMarker(t, "tofu show -json of the plan", []byte(tofu.Run(t, work, nil, "show", "-json", "fleet.tfplan")))
	expectNoMarkerInPlanFile(t, filepath.Join(work, "fleet.tfplan"))
	output := tofu.RunFailing(t, work, markerVariables, "apply", "-input=false", "-no-color", "fleet.tfplan")
	diagnostics := output[strings.Index(output, "Error: "):]
	if !acctest.WrappedRegexp(`Command did not succeed on every server.*fleet-02: status Failed, exit code 3.*The output is not ` +
		`shown here: store_output = false keeps it out of the state.*DescribeCommandInvocations`).MatchString(diagnostics) {
		t.Errorf("the error does not say where to read the outputs:\n%s", diagnostics)
	}
	expectNoMarker(t, "the diagnostics", []byte(diagnostics))
	expectNoMarker(t, "the state", readFile(t, filepath.Join(work, "terraform.tfstate")))
	if got := emu.LastInvocation(t).Parameters["token"]; got != secretMarkers["parameter"] {
		t.Errorf("the API ran the command with token %v", got)
	}
}
