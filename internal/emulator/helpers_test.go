package emulator_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

const (
	testAccessKeyID = "testAccessKeyId"
	testSecret      = "testAccessKeySecret"
	testRegion      = "cn-hangzhou"
	testInstance    = "ace0706b2ac4454d984295a942130001"
)

// start is the world clock's start in every test: the reference sample's
// day.
var start = time.Date(2022, 7, 11, 6, 37, 15, 0, time.UTC)

type testEnv struct {
	clock *emulator.ManualClock
	srv   *emulator.Server
	l     *emulator.Listener
}

// newEnv starts an emulator with one credential and one Running instance.
func newEnv(t *testing.T, opts emulator.Options) *testEnv {
	t.Helper()
	clock := emulator.NewManualClock(start)
	opts.Clock = clock
	opts.Credentials = append(opts.Credentials, emulator.Credential{AccessKeyID: testAccessKeyID, AccessKeySecret: testSecret})
	opts.Logf = t.Logf
	srv := emulator.New(opts)
	srv.AddInstance(emulator.Instance{ID: testInstance, RegionID: testRegion, Status: emulator.InstanceRunning})
	l, err := emulator.Start(srv, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return &testEnv{clock: clock, srv: srv, l: l}
}

// config is how a provider configures the official SDK for the emulator;
// RetryOptions stays nil, so the SDK does not retry.
func (e *testEnv) config() *openapiutil.Config {
	return &openapiutil.Config{
		AccessKeyId:     tea.String(testAccessKeyID),
		AccessKeySecret: tea.String(testSecret),
		Endpoint:        tea.String(e.l.Addr),
		Protocol:        tea.String("HTTP"),
		RegionId:        tea.String(testRegion),
	}
}

func newClient(t *testing.T, cfg *openapiutil.Config) *swas.Client {
	t.Helper()
	c, err := swas.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *testEnv) client(t *testing.T) *swas.Client {
	return newClient(t, e.config())
}

func (e *testEnv) result(t *testing.T, c *swas.Client, invokeID string) (*swas.DescribeInvocationResultResponseBodyInvocationResult, error) {
	t.Helper()
	resp, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{
		RegionId:   tea.String(testRegion),
		InstanceId: tea.String(testInstance),
		InvokeId:   tea.String(invokeID),
	})
	if err != nil {
		return nil, err
	}
	return resp.Body.InvocationResult, nil
}

func (e *testEnv) mustResult(t *testing.T, c *swas.Client, invokeID string) *swas.DescribeInvocationResultResponseBodyInvocationResult {
	t.Helper()
	r, err := e.result(t, c, invokeID)
	if err != nil {
		t.Fatalf("DescribeInvocationResult(%s): %v", invokeID, err)
	}
	return r
}

// wantAPIError checks that err is the SDK's error for an API answer with
// the given code and HTTP status.
func wantAPIError(t *testing.T, err error, code string, status int) {
	t.Helper()
	var sdkErr *tea.SDKError
	if !errors.As(err, &sdkErr) {
		t.Fatalf("got error %T %v, want *tea.SDKError %s", err, err, code)
	}
	if got := tea.StringValue(sdkErr.Code); got != code {
		t.Errorf("code = %q, want %q (message %s)", got, code, tea.StringValue(sdkErr.Message))
	}
	if got := tea.IntValue(sdkErr.StatusCode); got != status {
		t.Errorf("status = %d, want %d", got, status)
	}
}

// signed builds a request signed by the SDK's own GetAuthorization, for
// cases the SDK client cannot produce (stale dates, form bodies...).
type signed struct {
	action  string
	query   map[string]string
	headers map[string]string // "" deletes a header before signing
	body    string            // sent as a form body
	secret  string
}

func (e *testEnv) send(t *testing.T, s signed) (int, map[string]any) {
	t.Helper()
	payload := sha256.Sum256([]byte(s.body))
	hash := hex.EncodeToString(payload[:])
	nonce := make([]byte, 16)
	rand.Read(nonce)

	req := dara.NewRequest()
	req.Method = dara.String(http.MethodPost)
	req.Pathname = dara.String("/")
	for k, v := range s.query {
		req.Query[k] = dara.String(v)
	}
	headers := map[string]string{
		"host":                  e.l.Addr,
		"x-acs-action":          s.action,
		"x-acs-version":         "2020-06-01",
		"x-acs-date":            time.Now().UTC().Format("2006-01-02T15:04:05Z"),
		"x-acs-signature-nonce": hex.EncodeToString(nonce),
		"x-acs-content-sha256":  hash,
	}
	if s.body != "" {
		headers["content-type"] = "application/x-www-form-urlencoded"
	}
	for k, v := range s.headers {
		headers[k] = v
	}
	for k, v := range headers {
		if v != "" {
			req.Headers[k] = dara.String(v)
		}
	}
	secret := s.secret
	if secret == "" {
		secret = testSecret
	}
	auth := openapiutil.GetAuthorization(req, dara.String("ACS3-HMAC-SHA256"), dara.String(hash), dara.String(testAccessKeyID), dara.String(secret))

	q := url.Values{}
	for k, v := range s.query {
		q.Set(k, v)
	}
	hr, err := http.NewRequest(http.MethodPost, e.l.URL+"/?"+q.Encode(), strings.NewReader(s.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range req.Headers {
		if k != "host" {
			hr.Header.Set(k, *v)
		}
	}
	hr.Header.Set("Authorization", *auth)
	return doJSON(t, hr)
}

func doJSON(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, b)
	}
	return resp.StatusCode, body
}

// httpClientFunc lets a test stand between the SDK and the network.
type httpClientFunc func(*http.Request) (*http.Response, error)

func (f httpClientFunc) Call(req *http.Request, _ *http.Transport) (*http.Response, error) {
	return f(req)
}

// encoded is text as the API returns output: base64.
func encoded(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
