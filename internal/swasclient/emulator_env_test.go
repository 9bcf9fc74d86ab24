package swasclient

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// worldStart is the emulator's clock at the start of every test.
var worldStart = time.Date(2022, 7, 11, 6, 37, 15, 0, time.UTC)

// emulatorEnv is an emulator on a manual clock with one running server, and
// a client of it that retries at once.
type emulatorEnv struct {
	server *emulator.Server
	clock  *emulator.ManualClock
	client *Client
}

// requestHook runs before the emulator serves a request, with the request
// and its number among the requests of its action (1 for the first).
type requestHook func(r *http.Request, n int)

// newEmulatorEnv starts an emulator that runs hook, if any, before each
// request. The client retries up to maxRetries times, a millisecond apart.
func newEmulatorEnv(t *testing.T, maxRetries int, hook requestHook) *emulatorEnv {
	t.Helper()
	env := &emulatorEnv{clock: emulator.NewManualClock(worldStart)}
	env.server = emulator.New(emulator.Options{
		Clock:       env.clock,
		Credentials: []emulator.Credential{{AccessKeyID: "LTAI5tRunCommandTest", AccessKeySecret: "secret"}},
		Logf:        t.Logf,
	})
	env.server.AddInstance(emulator.Instance{ID: runInstance, RegionID: runRegion, Status: emulator.InstanceRunning})
	handler := http.Handler(env.server)
	if hook != nil {
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			action := r.Header.Get("x-acs-action")
			hook(r, env.server.Requests(action)+1)
			env.server.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	env.client = newTestClient(t, srv.URL)
	env.client.cfg.MaxRetries = maxRetries
	env.client.cfg.Backoff = Backoff{Initial: time.Millisecond, Max: time.Millisecond}
	return env
}

// ref names invokeID on the emulator's server.
func (env *emulatorEnv) ref(invokeID string) InvocationRef {
	return InvocationRef{RegionID: runRegion, InstanceID: runInstance, InvokeID: invokeID}
}

// succeeded is an invocation that succeeded a while ago.
func (env *emulatorEnv) succeeded(invokeID string) emulator.Invocation {
	return emulator.Invocation{
		InvokeID: invokeID, InstanceID: runInstance,
		CreatedAt: env.clock.Now().Add(-time.Minute), Output: []byte("done\n"),
	}
}
