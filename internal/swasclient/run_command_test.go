package swasclient

import (
	"context"
	"maps"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

const (
	runRegion   = "cn-hangzhou"
	runInstance = "ace0706b2ac4454d984295a942130001"
)

// runCommandEnv is an emulator with one running server, a client of it
// that retries quickly, and the invocations RunCommand started.
type runCommandEnv struct {
	server  *emulator.Server
	client  *Client
	started []emulator.Invocation
}

func newRunCommandEnv(t *testing.T) *runCommandEnv {
	t.Helper()
	env := &runCommandEnv{}
	env.server = emulator.New(emulator.Options{
		Credentials: []emulator.Credential{{AccessKeyID: "LTAI5tRunCommandTest", AccessKeySecret: "secret"}},
		// Runs between requests of one test only: no lock needed.
		RunCommand: func(inv *emulator.Invocation) { env.started = append(env.started, *inv) },
	})
	env.server.AddInstance(emulator.Instance{ID: runInstance, RegionID: runRegion, Status: emulator.InstanceRunning})
	listener, err := emulator.Start(env.server, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(listener.Close)
	env.client = newTestClient(t, listener.URL)
	return env
}

// newTestClient is a client of the emulator at url, with its test key.
func newTestClient(tb testing.TB, url string) *Client {
	tb.Helper()
	credential, err := credentials.NewCredential(&credentials.Config{
		Type:            dara.String("access_key"),
		AccessKeyId:     dara.String("LTAI5tRunCommandTest"),
		AccessKeySecret: dara.String("secret"),
	})
	if err != nil {
		tb.Fatal(err)
	}
	endpoint, err := ParseEndpoint(url)
	if err != nil {
		tb.Fatal(err)
	}
	return New(Config{
		Endpoint:   &endpoint,
		Credential: credential,
		MaxRetries: 3,
		Backoff:    Backoff{Initial: 400 * time.Millisecond, Max: time.Second},
	})
}

func shellInput(content string) RunCommandInput {
	return RunCommandInput{RegionID: runRegion, InstanceID: runInstance, Name: "test", Type: "RunShellScript", CommandContent: content}
}

// TestRunCommandSendsEveryField checks what the API receives: the script as
// plain text, parameters as a JSON object, and the optional fields.
func TestRunCommandSendsEveryField(t *testing.T) {
	env := newRunCommandEnv(t)
	in := shellInput("echo {{greeting}} > /tmp/x")
	in.Name = "greet"
	in.Timeout = 120
	in.WorkingDir = "/srv"
	in.WorkingUser = "deploy"
	in.EnableParameter = true
	in.Parameters = map[string]string{"greeting": "hello world"}

	started, err := env.client.RunCommand(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if started.InvokeID == "" || started.RequestID == "" {
		t.Errorf("started = %+v, want an invoke id and a request id", started)
	}
	if len(env.started) != 1 {
		t.Fatalf("the API started %d invocations, want 1", len(env.started))
	}
	got := env.started[0]
	if got.CommandName != "greet" || got.CommandType != "RunShellScript" || got.CommandContent != in.CommandContent ||
		got.InvokeUser != "deploy" || got.Timeout != 120*time.Second || got.Parameters["greeting"] != "hello world" {
		t.Errorf("the API received %+v", got)
	}
}

// TestRunCommandRetriesOnlyWhatSurelyDidNotRun: throttling is retried; a
// 5xx answer, a dropped connection and a cut answer are not, and say the
// command may have run; a rejected parameter says it did not.
func TestRunCommandRetriesOnlyWhatSurelyDidNotRun(t *testing.T) {
	t.Run("throttled", func(t *testing.T) {
		env := newRunCommandEnv(t)
		// Four tokens, refilled at four a second: the fifth call is
		// throttled, and a retry 200 ms or more later finds a token.
		env.server.SetFault(runCommand, emulator.Fault{Throttle: 4})
		for range 5 {
			if _, err := env.client.RunCommand(context.Background(), shellInput("true")); err != nil {
				t.Fatal(err)
			}
		}
		if n := env.server.RequestsWithOutcome("Throttling.User"); n == 0 {
			t.Error("no request was throttled: the test proves nothing")
		}
		if len(env.started) != 5 {
			t.Errorf("the API started %d invocations for 5 calls", len(env.started))
		}
	})

	for name, fault := range map[string]emulator.Fault{
		"server error":       {FailNext: 1, FailStatus: 503},
		"dropped connection": {DropConnection: true},
		"answer cut short":   {MalformedBody: true},
	} {
		t.Run(name, func(t *testing.T) {
			env := newRunCommandEnv(t)
			env.server.SetFault(runCommand, fault)
			_, err := env.client.RunCommand(context.Background(), shellInput("true"))
			if err == nil {
				t.Fatal("RunCommand succeeded")
			}
			if n := env.server.Requests(runCommand); n != 1 {
				t.Errorf("RunCommand was sent %d times; it must not be retried after %s", n, name)
			}
			if !MayHaveRun(err) {
				t.Errorf("MayHaveRun(%v) = false", err)
			}
		})
	}

	t.Run("invalid parameter", func(t *testing.T) {
		env := newRunCommandEnv(t)
		in := shellInput("true")
		in.Type = "RunPythonScript"
		_, err := env.client.RunCommand(context.Background(), in)
		if !IsKind(err, KindInvalidInput) || MayHaveRun(err) {
			t.Errorf("err = %v: want invalid input that did not run", err)
		}
	})
}

// TestRunCommandRetriesAConnectionNeverOpened: nothing was sent, so every
// retry is safe, and the command surely did not run.
func TestRunCommandRetriesAConnectionNeverOpened(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + listener.Addr().String()
	listener.Close()

	client := newTestClient(t, url)
	client.cfg.Backoff = Backoff{Initial: time.Millisecond, Max: time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	_, err = client.RunCommand(ctx, shellInput("true"))
	if !IsKind(err, KindTransient) || MayHaveRun(err) {
		t.Fatalf("err = %v: want a transient failure that did not run", err)
	}
	if apiErr := err.(*APIError); apiErr.Attempts != 4 {
		t.Errorf("attempts = %d, want 4 (the first and max_retries 3)", apiErr.Attempts)
	}
}

func TestMayHaveRun(t *testing.T) {
	if MayHaveRun(nil) {
		t.Error("MayHaveRun(nil) = true")
	}
	for _, tc := range []struct {
		err  *APIError
		want bool
	}{
		{&APIError{Kind: KindThrottled}, false},
		{&APIError{Kind: KindAuthentication}, false},
		{&APIError{Kind: KindNotFound}, false},
		{&APIError{Kind: KindCredentials}, false},
		{&APIError{Kind: KindTransient, StatusCode: 503}, true},
		{&APIError{Kind: KindTransient, Err: &net.OpError{Op: "dial"}}, false},
		{&APIError{Kind: KindTransient, Err: &net.OpError{Op: "read"}}, true},
		{&APIError{Kind: KindCancelled, Attempts: 1}, true},
		{&APIError{Kind: KindCancelled}, false}, // ended before any request
		{&APIError{Kind: KindInvalidResponse}, true},
		{&APIError{Kind: KindUnusableEndpoint, Attempts: 1}, false},
	} {
		if got := MayHaveRun(tc.err); got != tc.want {
			t.Errorf("MayHaveRun(%+v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestRunCommandLeavesOutUnsetFields: the API applies its own defaults to
// fields the request does not carry.
func TestRunCommandLeavesOutUnsetFields(t *testing.T) {
	query := shellInput("true").query()
	want := []string{"CommandContent", "InstanceId", "Name", "RegionId", "Type"}
	if got := slices.Sorted(maps.Keys(query)); !slices.Equal(got, want) {
		t.Errorf("query has %v, want only %v", got, want)
	}
}
