package swasclient

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/alibabacloud-go/tea/dara"
)

// FuzzInvocationResultFrom feeds arbitrary bodies through the SDK's own
// JSON parsing and our mapping: any body gives a result or an error, never
// a panic, and a result is never made up from a body that lacks one.
func FuzzInvocationResultFrom(f *testing.F) {
	f.Add([]byte(`{"RequestId":"R","InvocationResult":{"InvocationStatus":"Success","ExitCode":0,"Output":"YWRtaW4K","InvokeId":"t-1","InstanceId":"i-1"}}`))
	f.Add([]byte(`{"RequestId":"R"}`))
	f.Add([]byte(`{"InvocationResult":null}`))
	f.Add([]byte(`{"InvocationResult":{"ExitCode":"zero"}}`))
	f.Add([]byte(`{"InvocationResult":{"ExitCode":1e400}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`"text"`))
	f.Add([]byte(`{"InvocationResult":{"InvocationStatus":["Success"]}}`))

	f.Fuzz(func(t *testing.T, body []byte) {
		parsed, err := dara.ReadAsJSON(io.NopCloser(bytes.NewReader(body)))
		if err != nil {
			return // the SDK fails the call before our code runs
		}
		answer := map[string]any{"body": dara.ToMap(parsed), "headers": map[string]any{}, "statusCode": 200}
		result, err := invocationResultFrom(answer)
		if err != nil {
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Kind != KindInvalidResponse {
				t.Fatalf("error %v is not an invalid response", err)
			}
			return
		}
		if result == nil {
			t.Fatal("nil result without an error")
		}
		if result.InvocationStatus == StatusSuccess && !bytes.Contains(body, []byte(StatusSuccess)) {
			t.Fatalf("Success read from a body that does not say it: %q", body)
		}
	})
}
