package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// These tests drive the provider through the emulator's faults. Each one
// records what the user sees and how many requests it took; none may ever
// report a failed or unreadable command as a success.

// TestAccFaults_throttling reads 100 results in one plan against a rate
// limit well below OpenTofu's parallelism of 10: every read succeeds.
func TestAccFaults_throttling(t *testing.T) {
	emu := acctest.NewEmulator(t)
	const count = 100
	type read struct{ Name, InvokeID string }
	var reads []read
	var checks []statecheck.StateCheck
	for i := range count {
		invokeID := fmt.Sprintf("t-throttled%03d", i)
		emu.AddInvocation(emulator.Invocation{InvokeID: invokeID, InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("ok\n")})
		name := fmt.Sprintf("r%03d", i)
		reads = append(reads, read{Name: name, InvokeID: invokeID})
		checks = append(checks, acctest.ExpectValue("data.swas_invocation_result."+name, "invocation_status", knownvalue.StringExact("Success")))
	}
	emu.Clock.Advance(time.Minute)
	emu.SetFault(acctest.DescribeResultAction, emulator.Fault{Throttle: 20})

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:            emu.Config(t, "main.tf", acctest.ConfigValues{"Reads": reads}),
			ConfigStateChecks: checks,
		}},
	})
	throttled := emu.RequestsWithOutcome("Throttling.User")
	t.Logf("throttling: %d data sources, %d requests (%d throttled and retried, %d answered) in %s",
		count, emu.Requests(acctest.DescribeResultAction), throttled, emu.RequestsWithOutcome(emulator.OutcomeOK), time.Since(start).Round(time.Millisecond))
	if throttled == 0 {
		t.Error("the rate limit never throttled: the test proves nothing")
	}
}

// TestAccFaults_throttlingBeyondTimeout reports a rate limit that outlasts
// timeouts.read at once, with its code, request id and what to do.
func TestAccFaults_throttlingBeyondTimeout(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	// One token, and the next in 1000 s: the step's first read takes it, and
	// the API's TimeLeft for the others is beyond the read's 10 minutes.
	emu.SetFault(acctest.DescribeResultAction, emulator.Fault{Throttle: 0.001})

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`SWAS API rate limit exceeded.*for longer than timeouts.read allows.*` +
				`code Throttling.User.*request id.*1 throttled.*max_requests_per_second`),
		}},
	})
	if elapsed := time.Since(start); elapsed > time.Minute {
		t.Errorf("the read waited %s for a turn that could not come within its timeout", elapsed)
	}
}

// TestAccFaults_serverErrors recovers from bursts of 503 and 500 answers.
func TestAccFaults_serverErrors(t *testing.T) {
	for _, status := range []int{503, 500} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			emu := acctest.NewEmulatorWithFinishedRun(t)
			emu.SetFault(acctest.DescribeResultAction, emulator.Fault{FailNext: 3, FailStatus: status})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Providers(),
				Steps: []resource.TestStep{{
					Config: emu.Config(t, "main.tf", nil),
					ConfigStateChecks: []statecheck.StateCheck{
						acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("hello\n")),
					},
				}},
			})
			t.Logf("%d burst: %d requests, %d failed", status, emu.Requests(acctest.DescribeResultAction), emu.RequestsWithOutcome(map[int]string{503: "ServiceUnavailable", 500: "InternalError"}[status]))
		})
	}
}

// TestAccFaults_unreachable gives up on a server that drops every connection
// after the retries, and says so.
func TestAccFaults_unreachable(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	emu.SetFault(acctest.DescribeResultAction, emulator.Fault{DropConnection: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`SWAS API unavailable.*could not be reached.*3 attempts`),
		}},
	})
	if n := emu.Requests(acctest.DescribeResultAction); n != 3 {
		t.Errorf("%d requests, want 3 (one and two retries)", n)
	}
}

// TestAccFaults_hangingServer stops waiting for a server that never answers
// within timeouts.read.
func TestAccFaults_hangingServer(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	emu.SetFault(acctest.DescribeResultAction, emulator.Fault{Hang: true})
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`SWAS API call interrupted.*ran out of time.*timeouts.read`),
		}},
	})
	// One plan reads once; everything around it takes about a second.
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("the read took %s with a 2s timeout", elapsed)
	}
}

// TestAccFaults_notRetried fails at once, with one request, on errors that a
// retry cannot fix.
func TestAccFaults_notRetried(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	for _, c := range []struct {
		name, config, want string
	}{
		{"authentication", emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-seeded", "SecretKey": "wrong-secret"}), `SignatureDoesNotMatch`},
		{"unknown invocation", emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-unknown"}), `InvalidInvokeId.NotFound`},
		{"unknown region", emu.Config(t, "unknown_region.tf", nil), `RegionIdNotMatchHost`},
	} {
		t.Run(c.name, func(t *testing.T) {
			emu.ResetCounters()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Providers(),
				Steps:                    []resource.TestStep{{Config: c.config, ExpectError: regexp.MustCompile(c.want)}},
			})
			if n := emu.Requests(acctest.DescribeResultAction); n != 1 {
				t.Errorf("%d requests, want exactly 1", n)
			}
		})
	}
}

// TestAccFaults_hostileResponses never panics and never reports success for
// an answer it cannot trust.
func TestAccFaults_hostileResponses(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	raw := func(body string) emulator.Fault { return emulator.Fault{Body: body} }
	for _, c := range []struct {
		name  string
		fault emulator.Fault
		want  string
	}{
		{"cut JSON", emulator.Fault{MalformedBody: true}, `Unreadable answer from the SWAS API`},
		{"not JSON", raw(`<html>gateway error</html>`), `Unreadable answer from the SWAS API`},
		{"no InvocationResult", raw(`{"RequestId":"R-1"}`), `Unreadable answer.*no InvocationResult.*request id R-1`},
		{"wrong field type", raw(`{"RequestId":"R-2","InvocationResult":{"InvocationStatus":"Success","ExitCode":"zero"}}`), `Unreadable answer from the SWAS API`},
		{"null result", raw(`{"RequestId":"R-3","InvocationResult":null}`), `Unreadable answer.*no InvocationResult`},
	} {
		t.Run(c.name, func(t *testing.T) {
			emu.ClearFaults()
			emu.ResetCounters()
			emu.SetFault(acctest.DescribeResultAction, c.fault)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Providers(),
				Steps: []resource.TestStep{{
					Config:      emu.Config(t, "main.tf", nil),
					ExpectError: acctest.WrappedRegexp(c.want),
				}},
			})
			if n := emu.Requests(acctest.DescribeResultAction); n != 1 {
				t.Errorf("%d requests, want 1: an unreadable answer is not retried", n)
			}
		})
	}
}

// TestAccFaults_undecodableOutput keeps the read but warns, with output
// null when it is not base64, the bytes that are not UTF-8 replaced with
// U+FFFD, and output_base64 as the API gave it; an unknown status is never
// a success.
func TestAccFaults_undecodableOutput(t *testing.T) {
	emu := acctest.NewEmulator(t)
	notBase64 := "%%% not base64 %%%"
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-raw", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, RawOutput: &notBase64})
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-binary", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte{0xff, 0xfe, 0x00, 'x'}})
	large := strings.Repeat("0123456789abcdef", 10<<20/16)
	emu.AddInvocation(emulator.Invocation{InvokeID: "t-large", InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte(large)})
	emu.Clock.Advance(time.Minute)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-raw"}),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.Null()),
					acctest.ExpectValue(acctest.ResultAddress, "output_base64", knownvalue.StringExact(notBase64)),
					acctest.ExpectValue(acctest.ResultAddress, "invocation_status", knownvalue.StringExact("Success")),
				},
			},
			{
				Config: emu.Config(t, "main.tf", acctest.ConfigValues{"InvokeID": "t-binary"}),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("\uFFFD\x00x")),
					acctest.ExpectValue(acctest.ResultAddress, "output_base64", knownvalue.StringExact("//4AeA==")),
				},
			},
			{
				Config: emu.Config(t, "require_success.tf", acctest.ConfigValues{"InvokeID": "t-large"}),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact(large)),
				},
			},
			{
				PreConfig: func() {
					emu.SetFault(acctest.DescribeResultAction, emulator.Fault{Body: `{"RequestId":"R-4","InvocationResult":{"InvokeId":"t-new","InstanceId":"` +
						acctest.Instance + `","InvocationStatus":"Exploded","InvokeRecordStatus":"Finished","ExitCode":0,"Output":""}}`})
				},
				Config:      emu.Config(t, "wait_and_require_success.tf", acctest.ConfigValues{"InvokeID": "t-new"}),
				ExpectError: acctest.WrappedRegexp(`Command did not succeed.*status Exploded`),
			},
		},
	})
}
