package emulator_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

func describeInvocations(c *swas.Client) error {
	_, err := c.DescribeInvocations(&swas.DescribeInvocationsRequest{RegionId: tea.String(testRegion), InstanceId: tea.String(testInstance)})
	return err
}

func TestSignatureChecks(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	secret := e.srv.AddInvocation(emulator.Invocation{InvokeID: "t-secret", InstanceID: testInstance, Output: []byte("secret")})
	e.srv.AddInvocation(emulator.Invocation{InvokeID: "t-public", InstanceID: testInstance})

	t.Run("correct request", func(t *testing.T) {
		if err := describeInvocations(e.client(t)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("wrong secret", func(t *testing.T) {
		cfg := e.config()
		cfg.AccessKeySecret = tea.String("not-the-secret")
		wantAPIError(t, describeInvocations(newClient(t, cfg)), "SignatureDoesNotMatch", 400)
	})

	t.Run("unknown access key", func(t *testing.T) {
		cfg := e.config()
		cfg.AccessKeyId = tea.String("nobody")
		wantAPIError(t, describeInvocations(newClient(t, cfg)), "InvalidAccessKeyId.NotFound", 404)
	})

	// A man in the middle swaps the invoke id of a signed request.
	t.Run("tampered parameter", func(t *testing.T) {
		cfg := e.config()
		cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
			q := req.URL.Query()
			q.Set("InvokeId", secret)
			req.URL.RawQuery = q.Encode()
			return http.DefaultClient.Do(req)
		})
		_, err := e.result(t, newClient(t, cfg), "t-public")
		wantAPIError(t, err, "SignatureDoesNotMatch", 400)
	})

	t.Run("tampered action header", func(t *testing.T) {
		cfg := e.config()
		cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
			req.Header["x-acs-action"] = []string{"RunCommand"}
			return http.DefaultClient.Do(req)
		})
		wantAPIError(t, describeInvocations(newClient(t, cfg)), "SignatureDoesNotMatch", 400)
	})

	t.Run("unsigned x-acs header", func(t *testing.T) {
		cfg := e.config()
		cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
			req.Header.Set("x-acs-extra", "1")
			return http.DefaultClient.Do(req)
		})
		wantAPIError(t, describeInvocations(newClient(t, cfg)), "IncompleteSignature", 400)
	})

	// The client's request is sent twice as is: the second is a replay.
	t.Run("reused nonce", func(t *testing.T) {
		before := e.srv.RequestsWithOutcome(emulator.OutcomeOK)
		cfg := e.config()
		cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := http.DefaultClient.Do(req.Clone(req.Context()))
			if err != nil {
				return nil, err
			}
			resp.Body.Close()
			return http.DefaultClient.Do(req)
		})
		wantAPIError(t, describeInvocations(newClient(t, cfg)), "SignatureNonceUsed", 400)
		if got := e.srv.RequestsWithOutcome(emulator.OutcomeOK) - before; got != 1 {
			t.Errorf("%d requests succeeded, want the first one", got)
		}
	})

	query := map[string]string{"RegionId": testRegion, "InstanceId": testInstance, "InvokeId": secret}
	for _, tc := range []struct {
		name    string
		headers map[string]string
		code    string
	}{
		{"stale date", map[string]string{"x-acs-date": time.Now().Add(-16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")}, "InvalidTimeStamp.Expired"},
		{"future date", map[string]string{"x-acs-date": time.Now().Add(16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")}, "InvalidTimeStamp.Expired"},
		{"malformed date", map[string]string{"x-acs-date": "Mon, 11 Jul 2022 06:37:16 GMT"}, "InvalidTimeStamp.Format"},
		{"missing nonce", map[string]string{"x-acs-signature-nonce": ""}, "MissingSignatureNonce"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.send(t, signed{action: "DescribeInvocationResult", query: query, headers: tc.headers})
			if status != 400 || body["Code"] != tc.code {
				t.Errorf("got %d %v, want 400 %s", status, body, tc.code)
			}
			if _, ok := body["InvocationResult"]; ok {
				t.Error("rejected request got data")
			}
		})
	}

	t.Run("hand-signed request within tolerance", func(t *testing.T) {
		date := time.Now().Add(-14 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")
		status, body := e.send(t, signed{action: "DescribeInvocationResult", query: query, headers: map[string]string{"x-acs-date": date}})
		if status != 200 || body["InvocationResult"] == nil {
			t.Errorf("got %d %v", status, body)
		}
	})

	t.Run("action and version as parameters", func(t *testing.T) {
		q := map[string]string{"Action": "DescribeInvocationResult", "Version": "2020-06-01"}
		for k, v := range query {
			q[k] = v
		}
		status, body := e.send(t, signed{query: q, headers: map[string]string{"x-acs-action": "", "x-acs-version": ""}})
		if status != 200 || body["InvocationResult"] == nil {
			t.Errorf("got %d %v", status, body)
		}
	})

	t.Run("form body", func(t *testing.T) {
		form := "RegionId=cn-hangzhou&InstanceId=" + testInstance + "&InvokeId=" + secret
		status, body := e.send(t, signed{action: "DescribeInvocationResult", body: form})
		if status != 200 || body["InvocationResult"] == nil {
			t.Errorf("got %d %v", status, body)
		}
	})

	t.Run("body added in transit", func(t *testing.T) {
		cfg := e.config()
		cfg.HttpClient = httpClientFunc(func(req *http.Request) (*http.Response, error) {
			body := "RegionId=cn-hangzhou&InstanceId=" + testInstance + "&InvokeId=" + secret
			req.Body = io.NopCloser(strings.NewReader(body))
			req.ContentLength = int64(len(body))
			return http.DefaultClient.Do(req)
		})
		_, err := e.result(t, newClient(t, cfg), "t-public")
		wantAPIError(t, err, "SignatureDoesNotMatch", 400)
	})
}

// Requests without an ACS3 signature never get data.
func TestUnsignedRequests(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	id := e.srv.AddInvocation(emulator.Invocation{InstanceID: testInstance})
	query := "?Action=DescribeInvocationResult&Version=2020-06-01&RegionId=cn-hangzhou&InstanceId=" + testInstance + "&InvokeId=" + id

	for _, tc := range []struct {
		name, query, authorization, code string
	}{
		{"no authorization", query, "", "MissingAccessKeyId"},
		{"signature v2", query + "&AccessKeyId=" + testAccessKeyID + "&Signature=abc&SignatureMethod=HMAC-SHA1", "", "InvalidSignatureMethod"},
		{"other algorithm", query, "ACS3-HMAC-SM3 Credential=" + testAccessKeyID + ",SignedHeaders=host,Signature=00", "InvalidSignatureMethod"},
		{"no signature", query, "ACS3-HMAC-SHA256 Credential=" + testAccessKeyID + ",SignedHeaders=host", "IncompleteSignature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, e.l.URL+"/"+tc.query, bytes.NewReader(nil))
			if err != nil {
				t.Fatal(err)
			}
			if tc.authorization != "" {
				req.Header.Set("Authorization", tc.authorization)
			}
			status, body := doJSON(t, req)
			if status != 400 || body["Code"] != tc.code {
				t.Errorf("got %d %v, want 400 %s", status, body, tc.code)
			}
			for _, field := range []string{"RequestId", "HostId", "Message", "Recommend"} {
				if s, _ := body[field].(string); s == "" {
					t.Errorf("error body lacks %s: %v", field, body)
				}
			}
		})
	}
}

func TestSecurityToken(t *testing.T) {
	e := newEnv(t, emulator.Options{})
	e.srv.AddCredential(emulator.Credential{
		AccessKeyID:     "STS.emulator",
		AccessKeySecret: "sts-secret",
		SecurityToken:   "token-1",
		Expiration:      start.Add(time.Hour),
	})
	sts := func(token string) *swas.Client {
		cfg := e.config()
		cfg.AccessKeyId, cfg.AccessKeySecret, cfg.SecurityToken = tea.String("STS.emulator"), tea.String("sts-secret"), nonEmpty(token)
		return newClient(t, cfg)
	}

	if err := describeInvocations(sts("token-1")); err != nil {
		t.Fatalf("with the token: %v", err)
	}
	wantAPIError(t, describeInvocations(sts("")), "MissingSecurityToken", 400)
	wantAPIError(t, describeInvocations(sts("token-2")), "InvalidSecurityToken.MismatchWithAccessKey", 400)

	cfg := e.config()
	cfg.SecurityToken = tea.String("token-1")
	wantAPIError(t, describeInvocations(newClient(t, cfg)), "InvalidSecurityToken.MismatchWithAccessKey", 400)

	e.clock.Advance(time.Hour)
	wantAPIError(t, describeInvocations(sts("token-1")), "InvalidSecurityToken.Expired", 400)
}
