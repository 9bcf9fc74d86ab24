package runcommand_test

import (
	"strings"
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

// TestAccRunCommandAction_savedCommand invokes a saved command on three
// servers with one InvokeCommand: the progress shows each server's
// status, and the server that failed fails the apply with its exit code
// and output, the others named as succeeded. Terraform only.
func TestAccRunCommandAction_savedCommand(t *testing.T) {
	acctest.RequireTerraform(t, "actions", "1.14.0")
	emu := acctest.NewFleetEmulator(t, 3, map[string]int64{acctest.FleetServer(2): 4})
	cli, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", acctest.ConfigValues{"Instances": acctest.Fleet(3)}))
	cli.Run(t, work, nil, "apply", "-auto-approve", "-input=false", "-no-color")

	failed := cli.RunFailing(t, work, nil, "apply", "-invoke=action.swas_run_command.deploy", "-auto-approve", "-input=false", "-no-color")
	t.Logf("terraform apply -invoke:\n%s", failed)
	for _, want := range []string{
		`fleet-01: waiting for the Cloud Assistant agent`,
		`started invocation t-`,
		`fleet-01: Success`,
		`fleet-02: Failed`,
		`succeeded on 2 of 3 servers`,
	} {
		if !strings.Contains(failed, want) {
			t.Errorf("terraform apply -invoke shows no %q", want)
		}
	}
	if !acctest.WrappedRegexp(`did not succeed on 1 of 3 servers.*fleet-02 \(invocation t-\w+\): status Failed, exit code 4.*` +
		`error: disk full on fleet-02`).MatchString(failed) {
		t.Errorf("the apply does not fail with fleet-02's exit code and output")
	}
	if strings.Contains(failed, "fleet-02: output so far") {
		t.Errorf("the progress shows the output of one of several servers")
	}
	emu.ExpectInvocations(t, 1, 3)
	if got := emu.LastInvocation(t).Parameters["version"]; got != "1.4.2" {
		t.Errorf("the parameter sent: %v", got)
	}
}
