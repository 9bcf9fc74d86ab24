// Package swasclient is the one seam between the provider and the SWAS SDK:
// it builds SDK clients, signs through the SDK, bounds every call by a
// context, classifies failures once and retries only those worth retrying.
package swasclient

import (
	"context"
	"errors"
	"strings"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const apiVersion = "2020-06-01"

// Config is what the provider block resolves to.
type Config struct {
	// Endpoint overrides the regional default for every call when set.
	Endpoint *Endpoint
	// Credential signs requests. When nil, CredentialError says why, and
	// every call fails with it: a provider with no credentials can still
	// plan configurations that never read from the API.
	Credential      credentials.Credential
	CredentialError error
	// MaxRetries is how many times a throttled or transient failure is
	// retried after the first attempt.
	MaxRetries int
	// Backoff spaces the retries; the zero value means DefaultRetryBackoff.
	Backoff Backoff
	// Pacer spaces the calls under the API's rate limits. Share one across
	// the clients of a process; nil gives this client a pacer of its own.
	Pacer *Pacer
	// MaxRequestsPerSecond caps the calls per access key and action when
	// positive.
	MaxRequestsPerSecond float64
	UserAgent            string
}

// Client calls the SWAS API. It is safe for concurrent use.
type Client struct {
	cfg   Config
	http  *httpCaller
	pacer *Pacer
}

// New returns a client; it makes no network call.
func New(cfg Config) *Client {
	if cfg.Backoff == (Backoff{}) {
		cfg.Backoff = DefaultRetryBackoff
	}
	if cfg.Pacer == nil {
		cfg.Pacer = NewPacer()
	}
	return &Client{cfg: cfg, http: newHTTPCaller(), pacer: cfg.Pacer}
}

// newSDK returns an SDK client for one call: the SDK writes to its client
// on every request (GetRpcHeaders), so sharing one across goroutines races.
func (c *Client) newSDK(region string) (*swas.Client, error) {
	endpoint := c.endpoint(region)
	sdk, err := swas.NewClient(&openapiutil.Config{
		Credential: c.cfg.Credential,
		Endpoint:   dara.String(endpoint.Host),
		Protocol:   dara.String(strings.ToUpper(endpoint.Scheme)),
		RegionId:   dara.String(region),
		UserAgent:  dara.String(c.cfg.UserAgent),
		// Our own HTTP client: the SDK's default one is shared per host and
		// has its timeout rewritten on every request.
		HttpClient: c.http,
		// Retries are ours: the SDK's sleep ignores the context and its
		// policy cannot tell a dropped connection from a bad request.
		RetryOptions: nil,
	})
	if err != nil {
		return nil, err
	}
	// Keep the SDK's typed errors (code, status, request id) instead of its
	// flattened SDKError.
	sdk.Client.DisableSDKError = dara.Bool(true)
	return sdk, nil
}

// endpoint is where the calls in region go.
func (c *Client) endpoint(region string) Endpoint {
	if c.cfg.Endpoint != nil {
		return *c.cfg.Endpoint
	}
	return DefaultEndpoint(region)
}

// call sends one RPC-style action that is safe to repeat, retrying
// throttled and transient failures, and returns the answer as the SDK
// parsed it: {"body": ..., "headers": ..., "statusCode": ...}.
func (c *Client) call(ctx context.Context, action, region string, query map[string]any) (map[string]any, error) {
	return c.callRetrying(ctx, action, region, query, (*APIError).retryable)
}

// callRetrying is call with the rule that decides which failures are tried
// again: actions that are not idempotent retry only what surely did not
// run. Every attempt waits for its turn from the pacer. Throttled attempts
// are tried again until ctx ends: in turn when the pacer blames the rate,
// else after a backoff. Other failures are retried at most MaxRetries
// times, with backoff.
func (c *Client) callRetrying(ctx context.Context, action, region string, query map[string]any, retry func(*APIError) bool) (map[string]any, error) {
	identity, err := c.identity(action)
	if err != nil {
		return nil, err
	}
	sdk, err := c.newSDK(region)
	if err != nil {
		return nil, &APIError{Action: action, Kind: KindInvalidInput, Err: err}
	}
	lane := c.pacer.lane(laneKey{identity: identity, action: action}, c.cfg.MaxRequestsPerSecond)
	request := &openapiutil.OpenApiRequest{Query: openapiutil.Query(query)}
	// Every attempt keeps the call's place in line.
	place := placeIn(ctx, c.pacer.now())
	var last *APIError
	var throttles, backedOff, failures int
	var paced time.Duration
	for attempt := 1; ; attempt++ {
		// A context that has ended sends nothing, and says so (NothingSent).
		if err := ctx.Err(); err != nil {
			return nil, outOfTime(action, err, last, paced)
		}
		turn, err := lane.wait(ctx, c.pacer.now, place)
		paced += turn.waited
		if err != nil {
			return nil, outOfTime(action, err, last, paced)
		}
		body, apiErr, inTurn := c.attempt(ctx, sdk, request, turn, attempt, region)
		if apiErr == nil {
			return body, nil
		}
		if apiErr.Kind == KindThrottled {
			throttles++
		}
		if apiErr.Kind == KindUnusableEndpoint {
			apiErr.Endpoint = c.endpoint(region)
		}
		apiErr.Throttles, apiErr.Paced, last = throttles, paced, apiErr
		if !retry(apiErr) {
			return nil, apiErr
		}
		if inTurn {
			continue
		}
		var wait time.Duration
		if apiErr.Kind == KindThrottled {
			backedOff++
			wait = max(c.cfg.Backoff.forUnblamedThrottles().delay(backedOff), apiErr.RetryAfter)
		} else {
			failures++
			if failures > c.cfg.MaxRetries {
				return nil, apiErr
			}
			wait = c.cfg.Backoff.delay(failures)
		}
		if !sleep(ctx, wait) {
			return nil, apiErr
		}
	}
}

// identity is the access key the call is signed with, which its lane of the
// pacer is keyed by. The credential providers cache what they fetch, so
// asking first costs nothing and tells a credential failure apart from an
// API one.
func (c *Client) identity(action string) (string, error) {
	if c.cfg.Credential == nil {
		return "", &APIError{Action: action, Kind: KindCredentials, Err: c.cfg.CredentialError}
	}
	credential, err := c.cfg.Credential.GetCredential()
	if err != nil {
		return "", &APIError{Action: action, Kind: KindCredentials, Err: err}
	}
	return dara.StringValue(credential.AccessKeyId), nil
}

// rpcParams describe every SWAS action: RPC style, signed with an access key.
func rpcParams(action string) *openapiutil.Params {
	return &openapiutil.Params{
		Action:      dara.String(action),
		Version:     dara.String(apiVersion),
		Protocol:    dara.String("HTTPS"),
		Pathname:    dara.String("/"),
		Method:      dara.String("POST"),
		AuthType:    dara.String("AK"),
		Style:       dara.String("RPC"),
		ReqBodyType: dara.String("formData"),
		BodyType:    dara.String("json"),
	}
}

// attempt sends the request once, tells the pacer how the API answered,
// and logs it. inTurn reports a throttle the pacer blames on the rate, to
// be tried again in turn.
func (c *Client) attempt(ctx context.Context, sdk *swas.Client, request *openapiutil.OpenApiRequest, t turn, attempt int, region string) (body map[string]any, apiErr *APIError, inTurn bool) {
	action := t.lane.key.action
	start := time.Now()
	body, err := sdk.CallApiWithCtx(ctx, rpcParams(action), request, &dara.RuntimeOptions{})
	fields := map[string]any{
		"action":     action,
		"region":     region,
		"attempt":    attempt,
		"latency_ms": time.Since(start).Milliseconds(),
	}
	var verdict string
	defer func() {
		if verdict != "" {
			tflog.Debug(ctx, "SWAS API pacer: "+verdict, map[string]any{"action": action})
		}
	}()
	if err == nil {
		verdict = t.lane.accept(c.pacer.now(), t)
		fields["request_id"] = requestIDOf(body)
		tflog.Debug(ctx, "SWAS API call succeeded", fields)
		return body, nil, false
	}
	apiErr = classify(action, err)
	apiErr.Attempts = attempt
	if apiErr.Kind == KindThrottled {
		th := t.lane.throttle(c.pacer.now(), t, apiErr.RetryAfter)
		verdict, inTurn = th.verdict, th.ours
		fields["rate_per_second"] = rateField(th.rate)
		fields["time_left_ms"] = apiErr.RetryAfter.Milliseconds()
		fields["throttle"] = t.lane.describe(th.ours)
	} else if apiErr.StatusCode != 0 {
		verdict = t.lane.accept(c.pacer.now(), t)
	}
	fields["request_id"] = apiErr.RequestID
	fields["error_code"] = apiErr.Code
	fields["error_kind"] = apiErr.Kind.String()
	tflog.Debug(ctx, "SWAS API call failed", fields)
	return nil, apiErr, inTurn
}

// outOfTime is the error of a call whose context ended while it waited for
// its turn: the last failure, with how long it waited, or a cancellation.
func outOfTime(action string, err error, last *APIError, paced time.Duration) *APIError {
	if last == nil {
		return &APIError{Action: action, Kind: KindCancelled, Err: err, Paced: paced}
	}
	last.Paced = paced
	return last
}

// decode converts an answer into out, a pointer to the SDK's response type
// for action. Fields of the wrong type only show here: the SDK parsed the
// JSON into a map.
func decode(action string, answer map[string]any, out any) error {
	if err := dara.Convert(answer, out); err != nil {
		return &APIError{Action: action, Kind: KindInvalidResponse, Err: err, RequestID: requestIDOf(answer), Attempts: 1}
	}
	return nil
}

func requestIDOf(body map[string]any) string {
	if b, ok := body["body"].(map[string]any); ok {
		return stringField(b, "RequestId")
	}
	return ""
}

// sleep waits for d and reports false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// Successful answers without the object asked for.
var (
	errMissingResult = errors.New("the response has no InvocationResult")
	errMissingBody   = errors.New("the response has no body")
)
