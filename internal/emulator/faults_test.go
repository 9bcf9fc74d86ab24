package emulator_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

func runCommand(c *swas.Client) error {
	_, err := c.RunCommand(&swas.RunCommandRequest{
		RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance), Name: tea.String("n"),
		Type: tea.String("RunShellScript"), CommandContent: tea.String("true"),
	})
	return err
}

func TestThrottle(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("DescribeInvocations", emulator.Fault{Throttle: 1})
	c := e.client(t)

	if err := describeInvocations(c); err != nil {
		t.Fatalf("first request: %v", err)
	}
	wantAPIError(t, describeInvocations(c), "Throttling.User", 400)
	if err := runCommand(c); err != nil {
		t.Errorf("another action is not throttled: %v", err)
	}

	// Without the SDK's wrapping, throttling is a ThrottlingError whose
	// RetryAfter comes from the rate-limit header.
	raw := e.client(t)
	raw.Client.DisableSDKError = tea.Bool(true) // the SWAS client shadows this field
	err := describeInvocations(raw)
	var te *openapi.ThrottlingError
	if !errors.As(err, &te) {
		t.Fatalf("got %T %v, want *ThrottlingError", err, err)
	}
	if tea.StringValue(te.Code) != "Throttling.User" || tea.Int64Value(te.RetryAfter) <= 0 || tea.Int64Value(te.RetryAfter) > 1000 {
		t.Errorf("code %s, retry after %dms", tea.StringValue(te.Code), tea.Int64Value(te.RetryAfter))
	}
	if got := e.srv.RequestsWithOutcome("Throttling.User"); got != 2 {
		t.Errorf("throttled %d requests, want 2", got)
	}
}

// ThrottleShare refuses a share of requests drawn at random, whatever
// their rate, with no rate-limit header and so no TimeLeft.
func TestThrottleShare(t *testing.T) {
	e := newEnv(t, emulator.Options{RateLimit: emulator.RateLimit{Rate: 1000}})
	c := e.limitedClient(t, testAccessKeyID)
	e.srv.SetFault("DescribeInvocations", emulator.Fault{ThrottleShare: 0.4})
	const n = 200
	for range n {
		err := describeInvocations(c.Client)
		if err == nil {
			continue
		}
		var te *openapi.ThrottlingError
		if !errors.As(err, &te) || tea.StringValue(te.Code) != "Throttling.User" || te.RetryAfter != nil || c.lastHeader() != "" {
			t.Fatalf("a request refused at random: %v, header %q", err, c.lastHeader())
		}
	}
	// 80 expected; the bounds are 4.5 standard deviations away.
	throttled := e.srv.ActionRequestsWithOutcome("DescribeInvocations", "Throttling.User")
	if throttled < 49 || throttled > 111 {
		t.Errorf("%d of %d requests throttled at a share of 0.4", throttled, n)
	}
	if admitted := len(e.srv.AdmittedAt("DescribeInvocations")); admitted+throttled != n {
		t.Errorf("%d admitted and %d throttled of %d", admitted, throttled, n)
	}
	if err := runCommand(c.Client); err != nil {
		t.Errorf("another action: %v", err)
	}
	for share, want := range map[float64]int{0: 0, 1: 10} {
		e.srv.ResetCounters()
		e.srv.SetFault("DescribeInvocations", emulator.Fault{ThrottleShare: share})
		for range 10 {
			_ = describeInvocations(c.Client)
		}
		if got := e.srv.ActionRequestsWithOutcome("DescribeInvocations", "Throttling.User"); got != want {
			t.Errorf("share %v: %d of 10 throttled, want %d", share, got, want)
		}
	}
}

func TestServerFailures(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	c := e.client(t)

	e.srv.SetFault("", emulator.Fault{FailNext: 2})
	wantAPIError(t, describeInvocations(c), "ServiceUnavailable", 503)
	wantAPIError(t, runCommand(c), "ServiceUnavailable", 503)
	if err := describeInvocations(c); err != nil {
		t.Errorf("third request: %v", err)
	}

	e.srv.SetFault("DescribeInvocations", emulator.Fault{FailNext: 1, FailStatus: 500})
	wantAPIError(t, describeInvocations(c), "InternalError", 500)

	e.srv.SetFault("DescribeInvocations", emulator.Fault{FailRate: 0.5})
	for i := 0; i < 4; i++ {
		err := describeInvocations(c)
		if i%2 == 0 && err != nil {
			t.Errorf("request %d: %v", i, err)
		}
		if i%2 == 1 {
			wantAPIError(t, err, "ServiceUnavailable", 503)
		}
	}

	// Server errors are ServerError without the SDK's wrapping.
	e.srv.SetFault("DescribeInvocations", emulator.Fault{FailNext: 1})
	raw := e.client(t)
	raw.Client.DisableSDKError = tea.Bool(true) // the SWAS client shadows this field
	var se *openapi.ServerError
	if err := describeInvocations(raw); !errors.As(err, &se) || tea.IntValue(se.StatusCode) != 503 {
		t.Errorf("got %T %v, want *ServerError 503", err, err)
	}
	// And 4xx answers are ClientError.
	var ce *openapi.ClientError
	if _, err := e.result(t, raw, "t-nope"); !errors.As(err, &ce) || tea.StringValue(ce.Code) != "InvalidInvokeId.NotFound" {
		t.Errorf("got %T %v, want *ClientError InvalidInvokeId.NotFound", err, err)
	}

	e.srv.ClearFaults()
	if err := describeInvocations(c); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
}

func TestLatency(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("DescribeInvocations", emulator.Fault{Latency: 50 * time.Millisecond})
	begin := time.Now()
	if err := describeInvocations(e.client(t)); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took < 50*time.Millisecond {
		t.Errorf("answered in %s", took)
	}
}

func TestDropConnection(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("DescribeInvocations", emulator.Fault{DropConnection: true})
	err := describeInvocations(e.client(t))
	var sdkErr *tea.SDKError
	if err == nil || errors.As(err, &sdkErr) || !errors.Is(err, io.EOF) {
		t.Errorf("got %T %v, want a transport error wrapping EOF", err, err)
	}
	if got := e.srv.RequestsWithOutcome(emulator.OutcomeDropped); got != 1 {
		t.Errorf("dropped %d, want 1", got)
	}
}

// The command runs, but its answer is cut: the client cannot know.
func TestMalformedBody(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("RunCommand", emulator.Fault{MalformedBody: true})
	c := e.client(t)
	// The SDK's JSON reader reports the cut body as io.ErrUnexpectedEOF,
	// not as an API error.
	err := runCommand(c)
	var sdkErr *tea.SDKError
	if !errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &sdkErr) {
		t.Fatalf("got %T %v, want unexpected EOF", err, err)
	}
	list, lerr := c.DescribeInvocations(&swas.DescribeInvocationsRequest{RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance)})
	if lerr != nil || tea.Int32Value(list.Body.TotalCount) != 1 {
		t.Errorf("the command should have started: %v %v", list, lerr)
	}
	if got := e.srv.RequestsWithOutcome(emulator.OutcomeMalformed); got != 1 {
		t.Errorf("malformed %d, want 1", got)
	}
}

func TestRawBody(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("DescribeInvocationResult", emulator.Fault{Body: `{"RequestId":"R","InvocationResult":{"ExitCode":"zero"}}`})
	c := e.client(t)
	// The SDK decodes the body into its response struct, so a field of the
	// wrong type fails the call.
	if _, err := e.result(t, c, "t-any"); err == nil {
		t.Error("a string ExitCode should not decode")
	}
	if got := e.srv.RequestsWithOutcome(emulator.OutcomeRawBody); got != 1 {
		t.Errorf("raw bodies %d, want 1", got)
	}

	// Unsigned requests still get the authentication error, never the body.
	req, err := http.NewRequest(http.MethodPost, e.l.URL+"/?Action=DescribeInvocationResult", nil)
	if err != nil {
		t.Fatal(err)
	}
	status, body := doJSON(t, req)
	if status != 400 || body["Code"] != "MissingAccessKeyId" {
		t.Errorf("unsigned request got %d %v", status, body)
	}
}

func TestHang(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("DescribeInvocations", emulator.Fault{Hang: true})
	cfg := e.config()
	cfg.ReadTimeout = tea.Int(200) // milliseconds; without it the SDK waits forever
	err := describeInvocations(newClient(t, cfg))
	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("got %T %v, want a timeout", err, err)
	}
	e.l.Close() // waits for the hanging handler to return
	if got := e.srv.RequestsWithOutcome(emulator.OutcomeHung); got != 1 {
		t.Errorf("hung %d, want 1", got)
	}
}

// Close ends requests that hang, even when the client would wait forever.
func TestCloseEndsHangingRequests(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("", emulator.Fault{Hang: true})
	done := make(chan error)
	go func() {
		resp, err := http.Post(e.l.URL+"/?Action=DescribeInvocations", "", nil)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for e.srv.TotalRequests() == 0 {
		time.Sleep(time.Millisecond) // real time: wait for the request to arrive
	}
	e.l.Close()
	if err := <-done; err == nil {
		t.Error("hanging request got an answer")
	}
}

func TestCounters(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		// The SDK is not safe for concurrent use: a client's GetRpcHeaders
		// writes the client, and dara.DoRequest writes the Timeout of an
		// http.Client shared by every client of the endpoint. So: one
		// client each, with its own HTTP client.
		cfg := e.config()
		cfg.HttpClient = httpClientFunc(http.DefaultClient.Do)
		c := newClient(t, cfg)
		go func() {
			defer wg.Done()
			for j := 0; j < 3; j++ {
				if err := describeInvocations(c); err != nil {
					t.Error(err)
				}
			}
			if err := runCommand(c); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	cfg := e.config()
	cfg.AccessKeySecret = tea.String("wrong")
	wantAPIError(t, runCommand(newClient(t, cfg)), "SignatureDoesNotMatch", 400)

	if got := e.srv.Requests("DescribeInvocations"); got != 30 {
		t.Errorf("DescribeInvocations: %d", got)
	}
	if got := e.srv.Requests("RunCommand"); got != 11 {
		t.Errorf("RunCommand: %d", got)
	}
	if got := e.srv.TotalRequests(); got != 41 {
		t.Errorf("total: %d", got)
	}
	if ok, bad := e.srv.RequestsWithOutcome(emulator.OutcomeOK), e.srv.RequestsWithOutcome("SignatureDoesNotMatch"); ok != 40 || bad != 1 {
		t.Errorf("outcomes: %d OK, %d SignatureDoesNotMatch", ok, bad)
	}
	e.srv.ResetCounters()
	if e.srv.TotalRequests() != 0 || e.srv.Requests("RunCommand") != 0 || e.srv.RequestsWithOutcome(emulator.OutcomeOK) != 0 {
		t.Error("counters not reset")
	}
}
