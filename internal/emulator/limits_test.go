package emulator_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestRunCommandLimits accepts requests at each documented limit and
// rejects them one past it.
func TestRunCommandLimits(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	run := func(content string, parameters map[string]any) error {
		_, err := c.RunCommand(&swas.RunCommandRequest{
			RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance), Name: tea.String("n"),
			Type: tea.String("RunShellScript"), CommandContent: tea.String(content),
			EnableParameter: tea.Bool(len(parameters) > 0), Parameters: parameters,
		})
		return err
	}
	parameters := func(n int) map[string]any {
		p := map[string]any{}
		for i := range n {
			p[fmt.Sprintf("p%d", i)] = "v"
		}
		return p
	}

	// 12288 bytes are exactly 16 KiB once base64-encoded.
	if err := run(strings.Repeat("a", 12288), nil); err != nil {
		t.Errorf("16 KiB of base64: %v", err)
	}
	wantAPIError(t, run(strings.Repeat("a", 12289), nil), "InvalidParam", 403)
	// The limit is on the command and its parameters together:
	// {"v":"x"} is 9 bytes.
	script := strings.Repeat("a", 12288-9)
	if err := run(script, map[string]any{"v": "x"}); err != nil {
		t.Errorf("16 KiB of command and parameters: %v", err)
	}
	wantAPIError(t, run(script, map[string]any{"v": "xx"}), "InvalidParam", 403)
	if err := run("echo", parameters(20)); err != nil {
		t.Errorf("20 parameters: %v", err)
	}
	wantAPIError(t, run("echo", parameters(21)), "InvalidParam", 403)
}

// TestRunCommandEnableParameter takes true and false, and nothing else.
func TestRunCommandEnableParameter(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	for value, want := range map[string]int{"true": 200, "false": 200, "": 200, "yes": 403, "1": 403} {
		query := map[string]string{
			"RegionId": testRegion, "InstanceId": testInstance, "Name": "n",
			"Type": "RunShellScript", "CommandContent": "true",
		}
		if value != "" {
			query["EnableParameter"] = value
		}
		if status, body := e.send(t, signed{action: "RunCommand", query: query}); status != want {
			t.Errorf("EnableParameter=%q: HTTP %d %v, want %d", value, status, body, want)
		}
	}
}

// TestTimeoutEndsLongerRuns: a run as long as its timeout succeeds; a
// longer one ends in Timeout when the timeout is reached.
func TestTimeoutEndsLongerRuns(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	exact := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance, RunningFor: 30 * time.Second, Timeout: 30 * time.Second})
	longer := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance, RunningFor: 31 * time.Second, Timeout: 30 * time.Second})
	e.clock.Advance(time.Minute)
	if got := tea.StringValue(e.mustResult(t, c, exact).InvocationStatus); got != "Success" {
		t.Errorf("a run as long as its timeout: %s, want Success", got)
	}
	r := e.mustResult(t, c, longer)
	if tea.StringValue(r.InvocationStatus) != "Timeout" || tea.StringValue(r.FinishedTime) != "2022-07-11T06:37:45Z" {
		t.Errorf("a longer run: %s finished at %s, want Timeout at the 30s timeout",
			tea.StringValue(r.InvocationStatus), tea.StringValue(r.FinishedTime))
	}
}

// TestThrottleRate: the bucket holds Throttle requests, says how long until
// the next token in the gateway's rate-limit header, and refills at
// Throttle requests a second of real time.
func TestThrottleRate(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.SetFault("DescribeInvocations", emulator.Fault{Throttle: 4})
	var mu sync.Mutex
	var limit string
	cfg := e.config()
	cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			mu.Lock()
			limit = resp.Header.Get("x-ratelimit-user-api")
			mu.Unlock()
		}
		return resp, err
	})
	c := newClient(t, cfg)

	for i := range 4 {
		if err := describeInvocations(c); err != nil {
			t.Fatalf("request %d of a burst of 4: %v", i+1, err)
		}
	}
	wantAPIError(t, describeInvocations(c), "Throttling.User", 400)
	mu.Lock()
	header := limit
	mu.Unlock()
	left, ok := strings.CutPrefix(header, "Limit:4,Remain:0,TimeLeft:")
	left, _, _ = strings.Cut(left, ",")
	if ms, err := strconv.Atoi(left); !ok || err != nil || ms <= 0 || ms > 250 {
		t.Errorf("rate-limit header %q: want Limit:4 and a token within 250ms", header)
	}

	time.Sleep(300 * time.Millisecond) // real time: the bucket refills with it
	if err := describeInvocations(c); err != nil {
		t.Errorf("after a quarter of a second: %v", err)
	}
}

// TestLogf gets one line per request, naming the action and the outcome.
func TestLogf(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	srv := emulator.New(emulator.Options{
		Credentials: []emulator.Credential{{AccessKeyID: testAccessKeyID, AccessKeySecret: testSecret}},
		Logf: func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			lines = append(lines, fmt.Sprintf(format, args...))
		},
	})
	srv.AddInstance(emulator.Instance{ID: testInstance, RegionID: testRegion, Status: emulator.InstanceRunning})
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	e := &testEnv{srv: srv, l: l}
	c := e.client(t)
	if err := describeInvocations(c); err != nil {
		t.Fatal(err)
	}
	_, err = e.result(t, c, "t-unknown")
	wantAPIError(t, err, "InvalidInvokeId.NotFound", 404)

	mu.Lock()
	defer mu.Unlock()
	if len(lines) != 2 || !strings.Contains(lines[0], "DescribeInvocations -> 200 OK") ||
		!strings.Contains(lines[1], "DescribeInvocationResult -> 404 InvalidInvokeId.NotFound") {
		t.Errorf("logged %q", lines)
	}
}

// TestStartListensOnLoopback: with no address, Start serves this machine
// only, never every interface.
func TestStartListensOnLoopback(t *testing.T) {
	l, err := emulator.Start(emulator.New(emulator.Options{}), "")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !strings.HasPrefix(l.Addr, "127.0.0.1:") || l.URL != "http://"+l.Addr {
		t.Errorf("listening on %s (%s), want 127.0.0.1", l.Addr, l.URL)
	}
}

// TestSignatureCoversThePath: a request signed for one path and sent to
// another is rejected.
func TestSignatureCoversThePath(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	cfg := e.config()
	cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
		req.URL.Path = "/elsewhere"
		return http.DefaultClient.Do(req)
	})
	wantAPIError(t, describeInvocations(newClient(t, cfg)), "SignatureDoesNotMatch", 400)
}

// TestHTTPMethods: the API answers POST and GET, and turns any other method
// away before looking at the signature.
func TestHTTPMethods(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	for method, want := range map[string]string{
		http.MethodPost: "MissingAccessKeyId", http.MethodGet: "MissingAccessKeyId",
		http.MethodPut: "UnsupportedHTTPMethod", http.MethodDelete: "UnsupportedHTTPMethod",
	} {
		req, err := http.NewRequest(method, e.l.URL+"/?Action=DescribeInvocations&Version=2020-06-01", nil)
		if err != nil {
			t.Fatal(err)
		}
		if status, body := doJSON(t, req); status != 400 || body["Code"] != want {
			t.Errorf("unsigned %s: %d %v, want 400 %s", method, status, body, want)
		}
	}
}

// TestInvalidSeedsPanic: a test that seeds an impossible world hears why at
// once.
func TestInvalidSeedsPanic(t *testing.T) {
	srv := emulator.New(emulator.Options{})
	for name, seed := range map[string]func(){
		"instance in an unknown region": func() {
			srv.AddInstance(emulator.Instance{ID: "i", RegionID: "xx-nowhere-1", Status: emulator.InstanceRunning})
		},
		"status of an unknown instance": func() { srv.SetInstanceStatus("nope", emulator.InstanceStopped) },
		"invocation on an unknown instance": func() {
			srv.AddInvocation(emulator.Invocation{InstanceID: "nope"})
		},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if msg, _ := recover().(string); !strings.HasPrefix(msg, "emulator: ") || !strings.Contains(msg, `"`) {
					t.Errorf("panicked with %q, want the reason", msg)
				}
			}()
			seed()
		})
	}
}

// TestCloseWaitsForRequestsInFlight: a request being served when Close is
// called still gets its answer.
func TestCloseWaitsForRequestsInFlight(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	srv := emulator.New(emulator.Options{
		Credentials: []emulator.Credential{{AccessKeyID: testAccessKeyID, AccessKeySecret: testSecret}},
		RunCommand: func(*emulator.Invocation) {
			close(entered)
			<-release
		},
	})
	srv.AddInstance(emulator.Instance{ID: testInstance, RegionID: testRegion, Status: emulator.InstanceRunning})
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	c := (&testEnv{srv: srv, l: l}).client(t)
	answered := make(chan error, 1)
	go func() { answered <- runCommand(c) }()

	select {
	case <-entered:
	case err := <-answered:
		t.Fatalf("RunCommand answered before running: %v", err)
	}
	closed := make(chan struct{})
	go func() {
		l.Close()
		close(closed)
	}()
	time.Sleep(100 * time.Millisecond) // real time: Close is waiting
	close(release)
	if err := <-answered; err != nil {
		t.Errorf("the request in flight failed: %v", err)
	}
	<-closed
}
