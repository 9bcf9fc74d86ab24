package invocations_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// echoAddress is the echo resource that shows, in the tests' state only,
// what an ephemeral resource read.
const echoAddress = "echo.test"

// providersWithEcho serves the provider and terraform-plugin-testing's echo
// provider, which copies its provider block's data into echo.test.
func providersWithEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	providers := acctest.Providers()
	providers["echo"] = echoprovider.NewProviderServer()
	return providers
}

// expectEchoed checks an attribute of what the ephemeral resource read.
func expectEchoed(attribute string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(echoAddress, tfjsonpath.New("data").AtMapKey(attribute), value)
}

// TestAccInvocationResultEphemeral_read reads a result whose output names
// the invocation that a second ephemeral resource reads, which feeds a
// provider block.
func TestAccInvocationResultEphemeral_read(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-first", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("t-second\n")})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-second", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("s3cret\n")})
	emu.Clock.Advance(time.Minute)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEcho(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				expectEchoed("id", knownvalue.StringExact(acctest.Instance+":t-second")),
				expectEchoed("region_id", knownvalue.StringExact(acctest.Region)),
				expectEchoed("invocation_status", knownvalue.StringExact("Success")),
				expectEchoed("exit_code", knownvalue.Int64Exact(0)),
				expectEchoed("output", knownvalue.StringExact("s3cret\n")),
				expectEchoed("output_base64", knownvalue.StringExact("czNjcmV0Cg==")),
			},
		}},
	})
}

// TestAccInvocationResultEphemeral_wait waits for a running command, and
// stops waiting at timeouts.open.
func TestAccInvocationResultEphemeral_wait(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-waited", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch,
		PendingFor: 5 * time.Second, RunningFor: 30 * time.Second, Output: []byte("finished while you waited\n"),
	})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-forever", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: 24 * time.Hour})
	emu.AdvanceClockOnRequest(acctest.DescribeResultAction, 10*time.Second)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEcho(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				expectEchoed("invocation_status", knownvalue.StringExact("Success")),
				expectEchoed("output", knownvalue.StringExact("finished while you waited\n")),
			},
		}},
	})
	if n := emu.Requests(acctest.DescribeResultAction); n < 4 {
		t.Errorf("the read polled %d times; a command running 35s on a clock moving 10s per poll needs at least 4", n)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providersWithEcho(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "times_out.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Timed out waiting for the command.*t-forever.*Raise timeouts.open`),
		}},
	})
}

// TestAccInvocationResultEphemeral_requireSuccess fails on an unsuccessful
// command, or one still running, with the data source's very message, but
// for the output, which it does not quote.
func TestAccInvocationResultEphemeral_requireSuccess(t *testing.T) {
	emu := acctest.NewEmulator(t)
	emu.AddInvocation(emulator.Invocation{
		InvokeID: "t-bad", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: time.Second,
		FinalStatus: emulator.StatusFailed, ExitCode: 2, Output: []byte("step 1\nstep 2\nerror: disk full\n"),
	})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-busy", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RunningFor: 24 * time.Hour})
	emu.Clock.Advance(time.Minute)

	messages := map[string]string{
		"t-bad": "Command did not succeed " + `.*` + quoted("Invocation t-bad on instance "+acctest.Instance+" finished with "+
			"status Failed, exit code 2, error code ExitCodeNonzero (the command execution exit code is not zero), and "+
			"require_success needs Success. Last lines of output: step 1 step 2 error: disk full Fix the command and "+
			"run it again, or set require_success = false to read unsuccessful results."),
		"t-busy": "Command still running " + `.*` + quoted("Invocation t-busy on instance "+acctest.Instance+" is Running, "+
			"and require_success needs Success. Set wait_for_completion = true to wait for it to finish."),
	}
	// The ephemeral resource keeps the output out of the error too.
	withheld := map[string]string{
		"t-bad": "Command did not succeed " + `.*` + quoted("and require_success needs Success. The output is not shown "+
			"here: the swas_invocation_result ephemeral resource keeps it out of plans and the state, and errors end up "+
			"on screens and in CI logs. Read it in the console's command history of instance "+acctest.Instance+", invoke "+
			"ID t-bad, or with the API's DescribeInvocationResult; or set require_success = false and test "+
			"invocation_status in a precondition, or set show_output_on_failure = true to show its last lines here."),
		"t-busy": messages["t-busy"],
	}
	var steps []resource.TestStep
	for file, messages := range map[string]map[string]string{"data_source.tf": messages, "ephemeral.tf": withheld} {
		for invokeID, message := range messages {
			steps = append(steps, resource.TestStep{
				Config:      emu.Config(t, file, acctest.ConfigValues{"InvokeID": invokeID}),
				ExpectError: acctest.WrappedRegexp(message),
			})
		}
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providersWithEcho(), Steps: steps})
}

// quoted is text to match literally in OpenTofu's wrapped output.
func quoted(text string) string {
	return regexp.QuoteMeta(text)
}
