package swasclient

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/dara"
)

// benchOutputSizes are a typical command's output and a large one.
var benchOutputSizes = []int{1 << 10, 1 << 20}

// describeBody is a DescribeInvocationResult answer whose command printed
// size bytes of text, as the API sends it.
func describeBody(b *testing.B, size int) []byte {
	b.Helper()
	body, err := json.Marshal(map[string]any{
		"RequestId": "F5C5C2F5-8A7E-4C4B-9D2E-0A1B2C3D4E5F",
		"InvocationResult": map[string]any{
			"InstanceId":         "ace0706b2ac4454d984295a942130001",
			"InvokeId":           "t-bj02prjhw1n1234",
			"InvocationStatus":   StatusSuccess,
			"InvokeRecordStatus": "Finished",
			"ExitCode":           0,
			"ErrorCode":          "",
			"ErrorInfo":          "",
			"StartTime":          "2022-07-11T06:37:16Z",
			"FinishedTime":       "2022-07-11T06:37:17Z",
			"InvokeUser":         "root",
			"Output":             base64.StdEncoding.EncodeToString([]byte(strings.Repeat("deploying, all good\n", size/20+1)[:size])),
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkInvocationResultFrom is the mapping alone: the answer as the SDK
// parsed it to an InvocationResult.
func BenchmarkInvocationResultFrom(b *testing.B) {
	for _, size := range benchOutputSizes {
		b.Run(fmt.Sprintf("output=%dKiB", size>>10), func(b *testing.B) {
			parsed, err := dara.ReadAsJSON(io.NopCloser(bytes.NewReader(describeBody(b, size))))
			if err != nil {
				b.Fatal(err)
			}
			answer := map[string]any{"body": dara.ToMap(parsed), "headers": map[string]any{}, "statusCode": 200}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := invocationResultFrom(answer); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDescribeInvocationResult is one read as the data source makes
// it: signing, HTTP on loopback, the SDK's parsing and the mapping. The
// server only replays a canned answer, so the figures are the client's.
func BenchmarkDescribeInvocationResult(b *testing.B) {
	for _, size := range benchOutputSizes {
		b.Run(fmt.Sprintf("output=%dKiB", size>>10), func(b *testing.B) {
			body := describeBody(b, size)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json;charset=utf-8")
				_, _ = w.Write(body)
			}))
			defer srv.Close()
			client := newTestClient(b, srv.URL)
			ref := InvocationRef{RegionID: "cn-hangzhou", InstanceID: "ace0706b2ac4454d984295a942130001", InvokeID: "t-bj02prjhw1n1234"}
			ctx := context.Background()
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := client.DescribeInvocationResult(ctx, ref); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
