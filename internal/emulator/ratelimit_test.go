package emulator_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// limitedClient signs with the given key, returns the SDK's typed errors
// (*ThrottlingError) unwrapped, and keeps the last answer's rate-limit
// header.
type limitedClient struct {
	*swas.Client
	mu     sync.Mutex
	header string
}

func (e *testEnv) limitedClient(t *testing.T, keyID string) *limitedClient {
	t.Helper()
	lc := &limitedClient{}
	cfg := e.config()
	cfg.AccessKeyId = tea.String(keyID)
	cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			lc.mu.Lock()
			lc.header = resp.Header.Get("x-ratelimit-user-api")
			lc.mu.Unlock()
		}
		return resp, err
	})
	lc.Client = newClient(t, cfg)
	lc.Client.Client.DisableSDKError = tea.Bool(true) // the SWAS client shadows this field
	return lc
}

func (lc *limitedClient) lastHeader() string {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.header
}

// wantThrottled checks a throttled answer as the gateway sends it and
// returns its TimeLeft.
func wantThrottled(t *testing.T, lc *limitedClient, err error) time.Duration {
	t.Helper()
	var te *openapi.ThrottlingError
	if !errors.As(err, &te) {
		t.Fatalf("got %T %v, want *ThrottlingError", err, err)
	}
	if tea.IntValue(te.StatusCode) != 400 || tea.StringValue(te.Code) != "Throttling.User" ||
		// The SDK's Message wraps the body's.
		!strings.Contains(tea.StringValue(te.Message), "Request was denied due to user flow control.") || tea.StringValue(te.RequestId) == "" {
		t.Errorf("throttled answer: %d %s %q, request id %q", tea.IntValue(te.StatusCode), tea.StringValue(te.Code), tea.StringValue(te.Message), tea.StringValue(te.RequestId))
	}
	fields := map[string]string{}
	for _, pair := range strings.Split(lc.lastHeader(), ",") {
		k, v, _ := strings.Cut(pair, ":")
		fields[k] = v
	}
	left, err := strconv.ParseInt(fields["TimeLeft"], 10, 64)
	if err != nil || fields["Remain"] != "0" || fields["Limit"] == "" || fields["Reset"] == "" {
		t.Errorf("x-ratelimit-user-api: %q", lc.lastHeader())
	}
	if tea.Int64Value(te.RetryAfter) != left {
		t.Errorf("the SDK read RetryAfter %d from TimeLeft %d", tea.Int64Value(te.RetryAfter), left)
	}
	return time.Duration(left) * time.Millisecond
}

const otherKeyID = "otherAccessKeyId"

// One bucket per access key and action: a minute's rate, so that none
// refills while the test runs.
func TestRateLimitPerAccountAndAction(t *testing.T) {
	e := newEnv(t, emulator.Options{
		RateLimit:   emulator.RateLimit{Rate: 1.0 / 60, Burst: 3},
		Credentials: []emulator.Credential{{AccessKeyID: otherKeyID, AccessKeySecret: testSecret}},
	})
	a, b := e.limitedClient(t, testAccessKeyID), e.limitedClient(t, otherKeyID)
	for i := range 3 {
		if err := describeInvocations(a.Client); err != nil {
			t.Fatalf("request %d within the burst: %v", i+1, err)
		}
	}
	begin := time.Now()
	left := wantThrottled(t, a, describeInvocations(a.Client))
	if limit := time.Minute; left > limit || left < limit-time.Since(begin)-time.Second {
		t.Errorf("TimeLeft %s, want about a minute", left)
	}
	if err := runCommand(a.Client); err != nil {
		t.Errorf("another action of the same key: %v", err)
	}
	for i := range 3 {
		if err := describeInvocations(b.Client); err != nil {
			t.Fatalf("another key's request %d: %v", i+1, err)
		}
	}
	wantThrottled(t, b, describeInvocations(b.Client))

	if got := e.srv.ActionRequestsWithOutcome("DescribeInvocations", "Throttling.User"); got != 2 {
		t.Errorf("throttled DescribeInvocations: %d, want 2", got)
	}
	if got := e.srv.ActionRequestsWithOutcome("RunCommand", emulator.OutcomeOK); got != 1 {
		t.Errorf("RunCommand OK: %d, want 1", got)
	}
	if got := len(e.srv.AdmittedAt("DescribeInvocations")); got != 6 {
		t.Errorf("admitted DescribeInvocations: %d, want 6", got)
	}
	if got := e.srv.MaxAdmittedIn("DescribeInvocations", time.Minute); got != 6 {
		t.Errorf("most DescribeInvocations in a minute: %d, want 6", got)
	}

	// Unsigned requests never reach flow control.
	resp, err := http.Post(e.l.URL+"/?Action=DescribeInvocations", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 || resp.Header.Get("x-ratelimit-user-api") != "" {
		t.Errorf("unsigned request: %d, header %q", resp.StatusCode, resp.Header.Get("x-ratelimit-user-api"))
	}

	e.srv.SetRateLimit(emulator.RateLimit{})
	if err := describeInvocations(a.Client); err != nil {
		t.Errorf("without a limit: %v", err)
	}
}

// Waiting TimeLeft is enough: the next request goes through.
func TestRateLimitTimeLeftIsTrue(t *testing.T) {
	e := newEnv(t, emulator.Options{RateLimit: emulator.RateLimit{Rate: 10, Burst: 1}})
	c := e.limitedClient(t, testAccessKeyID)
	for round := range 3 {
		admitted := time.Now()
		if err := describeInvocations(c.Client); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		err := describeInvocations(c.Client)
		if err == nil {
			continue // the machine was slow enough for a token to come back
		}
		left := wantThrottled(t, c, err)
		// The token comes back 100 ms after the admitted request reached the
		// server, which was after admitted.
		if left > 100*time.Millisecond || left < 100*time.Millisecond-time.Since(admitted)-time.Millisecond {
			t.Errorf("round %d: TimeLeft %s, %s after the admitted request was sent", round, left, time.Since(admitted))
		}
		time.Sleep(left)
		if err := describeInvocations(c.Client); err != nil {
			t.Errorf("round %d: after waiting TimeLeft: %v", round, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Under load, no window lets through more than the burst and the window's
// refill.
func TestRateLimitUnderLoad(t *testing.T) {
	e := newEnv(t, emulator.Options{RateLimit: emulator.RateLimit{Rate: 100, Burst: 5}})
	var wg sync.WaitGroup
	begin := time.Now()
	for range 4 {
		cfg := e.config()
		cfg.HttpClient = httpClientFunc(http.DefaultClient.Do)
		c := newClient(t, cfg)
		wg.Go(func() {
			for time.Since(begin) < 400*time.Millisecond {
				_ = describeInvocations(c)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)
	admitted := len(e.srv.AdmittedAt("DescribeInvocations"))
	throttled := e.srv.ActionRequestsWithOutcome("DescribeInvocations", "Throttling.User")
	if most := e.srv.MaxAdmittedIn("DescribeInvocations", 100*time.Millisecond); most > 5+10 {
		t.Errorf("%d requests admitted within 100 ms, want at most 15", most)
	}
	if limit := 5 + int(elapsed.Seconds()*100); admitted > limit || throttled == 0 {
		t.Errorf("%d admitted and %d throttled in %s, want at most %d admitted", admitted, throttled, elapsed, limit)
	}
	if admitted+throttled != e.srv.Requests("DescribeInvocations") {
		t.Errorf("%d admitted and %d throttled of %d", admitted, throttled, e.srv.Requests("DescribeInvocations"))
	}
}

// The latency of every answer, and a fault's on top.
func TestLatencyWithJitter(t *testing.T) {
	e := newEnv(t, emulator.Options{Latency: 30 * time.Millisecond, LatencyJitter: 20 * time.Millisecond})
	c := e.client(t)
	for range 3 {
		begin := time.Now()
		if err := describeInvocations(c); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(begin); took < 30*time.Millisecond {
			t.Errorf("answered in %s, want 30 ms at least", took)
		}
	}
	e.srv.SetFault("DescribeInvocations", emulator.Fault{Latency: 40 * time.Millisecond, LatencyJitter: 10 * time.Millisecond})
	begin := time.Now()
	if err := describeInvocations(c); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took < 70*time.Millisecond {
		t.Errorf("with a fault's latency: answered in %s, want 70 ms at least", took)
	}
	e.srv.ClearFaults()
	e.srv.SetLatency(0, 0)
	begin = time.Now()
	if err := describeInvocations(c); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took >= 30*time.Millisecond {
		t.Logf("without latency: answered in %s (a slow machine?)", took)
	}
}

func TestInvalidSettingsPanic(t *testing.T) {
	for name, f := range map[string]func(s *emulator.Server){
		"negative rate":    func(s *emulator.Server) { s.SetRateLimit(emulator.RateLimit{Rate: -1}) },
		"negative burst":   func(s *emulator.Server) { s.SetRateLimit(emulator.RateLimit{Rate: 1, Burst: -1}) },
		"all shared":       func(s *emulator.Server) { s.SetRateLimit(emulator.RateLimit{Rate: 1, Shared: 1}) },
		"negative share":   func(s *emulator.Server) { s.SetRateLimit(emulator.RateLimit{Rate: 1, Shared: -0.1}) },
		"negative latency": func(s *emulator.Server) { s.SetLatency(-time.Second, 0) },
		"negative jitter":  func(s *emulator.Server) { s.SetLatency(0, -time.Second) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f(emulator.New(emulator.Options{}))
		})
	}
}

func TestFixtureRateLimitAndLatency(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixture.json")
	fixture := `{"rateLimit": {"rate": "2/m", "burst": 2}, "latency": "20ms", "latencyJitter": "5ms"}`
	if err := os.WriteFile(path, []byte(fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.NewFromFixture(path, emulator.Options{
		Credentials: []emulator.Credential{{AccessKeyID: testAccessKeyID, AccessKeySecret: testSecret}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.AddInstance(emulator.Instance{ID: testInstance, RegionID: testRegion, Status: emulator.InstanceRunning})
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	e := &testEnv{srv: srv, l: l}
	c := e.limitedClient(t, testAccessKeyID)
	for i := range 2 {
		begin := time.Now()
		if err := describeInvocations(c.Client); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		if took := time.Since(begin); took < 20*time.Millisecond {
			t.Errorf("answered in %s, want 20 ms at least", took)
		}
	}
	if left := wantThrottled(t, c, describeInvocations(c.Client)); left < 25*time.Second || left > 30*time.Second {
		t.Errorf("TimeLeft %s at two a minute", left)
	}
}

// A fixture's shared share is spent by another client: of a burst of 2,
// it takes one at once.
func TestFixtureSharedRateLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixture.json")
	if err := os.WriteFile(path, []byte(`{"rateLimit": {"rate": "2/m", "burst": 2, "shared": 0.5}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.NewFromFixture(path, emulator.Options{
		Credentials: []emulator.Credential{{AccessKeyID: testAccessKeyID, AccessKeySecret: testSecret}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.AddInstance(emulator.Instance{ID: testInstance, RegionID: testRegion, Status: emulator.InstanceRunning})
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	c := (&testEnv{srv: srv, l: l}).limitedClient(t, testAccessKeyID)
	if err := describeInvocations(c.Client); err != nil {
		t.Fatal(err)
	}
	wantThrottled(t, c, describeInvocations(c.Client))
}

// Options win over the fixture, field by field.
func TestFixtureSettingsUnderOptions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixture.json")
	if err := os.WriteFile(path, []byte(`{"rateLimit": {"rate": 0.001, "burst": 5}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.NewFromFixture(path, emulator.Options{RateLimit: emulator.RateLimit{Burst: 1}})
	if err != nil {
		t.Fatal(err)
	}
	srv.AddCredential(emulator.Credential{AccessKeyID: testAccessKeyID, AccessKeySecret: testSecret})
	srv.AddInstance(emulator.Instance{ID: testInstance, RegionID: testRegion, Status: emulator.InstanceRunning})
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	c := (&testEnv{srv: srv, l: l}).limitedClient(t, testAccessKeyID)
	if err := describeInvocations(c.Client); err != nil {
		t.Fatal(err)
	}
	wantThrottled(t, c, describeInvocations(c.Client))
}

func TestFixtureSettingErrors(t *testing.T) {
	for name, body := range map[string]string{
		"negative rate":    `{"rateLimit": {"rate": -1}}`,
		"bad rate":         `{"rateLimit": {"rate": "often"}}`,
		"rate of a list":   `{"rateLimit": {"rate": [1]}}`,
		"negative burst":   `{"rateLimit": {"rate": 1, "burst": -1}}`,
		"share of 1":       `{"rateLimit": {"rate": 1, "shared": 1}}`,
		"unknown field":    `{"rateLimit": {"rate": 1, "per": "m"}}`,
		"negative latency": `{"latency": "-1s"}`,
		"negative jitter":  `{"latencyJitter": "-1ms"}`,
		"number latency":   `{"latency": 50}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fixture.json")
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := emulator.NewFromFixture(path, emulator.Options{}); err == nil {
				t.Error("no error")
			} else {
				t.Log(err)
			}
		})
	}
}
