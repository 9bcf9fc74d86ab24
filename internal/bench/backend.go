package bench

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

const region = "cn-hangzhou"

// backend is a SWAS emulator on loopback, in our process, on the real
// clock, with a random access key.
type backend struct {
	*emulator.Server
	url, keyID, secret string
	close              func()
}

// newBackend starts an emulator; wrap, if set, sees every request first.
func newBackend(wrap func(*emulator.Server) http.Handler) *backend {
	return newBackendWith(emulator.Options{}, wrap)
}

// newBackendWith starts an emulator configured by opts, with our key.
func newBackendWith(opts emulator.Options, wrap func(*emulator.Server) http.Handler) *backend {
	b := &backend{keyID: "BENCH" + randomHex(8), secret: randomHex(16)}
	opts.Credentials = append(opts.Credentials, emulator.Credential{AccessKeyID: b.keyID, AccessKeySecret: b.secret})
	b.Server = emulator.New(opts)
	var h http.Handler = b.Server
	if wrap != nil {
		h = wrap(b.Server)
	}
	srv := httptest.NewServer(h)
	b.url, b.close = srv.URL, srv.Close
	return b
}

// listeningBackend starts an emulator configured by opts, with our key, on
// an emulator Listener rather than newBackendWith's httptest server: it
// counts connections and TLS handshakes, makes them cost the latency, and
// serves HTTPS with opts.TLS, writing its CA's certificate to caFile.
func listeningBackend(opts emulator.Options, caFile string) (*backend, error) {
	b := &backend{keyID: "BENCH" + randomHex(8), secret: randomHex(16)}
	opts.Credentials = append(opts.Credentials, emulator.Credential{AccessKeyID: b.keyID, AccessKeySecret: b.secret})
	b.Server = emulator.New(opts)
	l, err := emulator.Start(b.Server, "")
	if err != nil {
		return nil, err
	}
	if l.CA != nil {
		if err := l.CA.WriteFile(caFile); err != nil {
			l.Close()
			return nil, err
		}
	}
	b.url, b.close = l.URL, l.Close
	return b, nil
}

// addServer adds the i-th server, running.
func (b *backend) addServer(i int) {
	b.AddInstance(emulator.Instance{ID: instanceID(i), RegionID: region, Status: emulator.InstanceRunning})
}

// addFinished adds the i-th server with a command that finished ten
// minutes ago and printed output.
func (b *backend) addFinished(i int, output []byte) {
	b.addServer(i)
	b.AddInvocation(emulator.Invocation{
		InvokeID:   invokeID(i),
		InstanceID: instanceID(i),
		CreatedAt:  time.Now().Add(-10 * time.Minute),
		PendingFor: time.Second,
		RunningFor: time.Second,
		Output:     output,
	})
}

// addRunning adds the i-th server with a command that starts now and
// runs for d: pending for a second, then running.
func (b *backend) addRunning(i int, d time.Duration) {
	b.addServer(i)
	b.AddInvocation(emulator.Invocation{
		InvokeID:   invokeID(i),
		InstanceID: instanceID(i),
		CreatedAt:  time.Now(),
		PendingFor: time.Second,
		RunningFor: d - time.Second,
		Output:     []byte("done\n"),
	})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// textOutput is size bytes of a command's output: numbered lines of text.
func textOutput(size int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%06d deploying release files, checking services, all good so far\n", i)
	}
	return []byte(b.String()[:size])
}
