package swasclient

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// seedInvocations adds n finished invocations, t-0000 the oldest.
func (env *emulatorEnv) seedInvocations(n int) {
	for i := range n {
		env.server.AddInvocation(emulator.Invocation{
			InvokeID: fmt.Sprintf("t-%04d", i), InstanceID: runInstance, CommandName: "deploy",
			CommandContent: "echo hi", CreatedAt: worldStart.Add(time.Duration(i-n) * time.Minute),
		})
	}
}

func (env *emulatorEnv) list(t *testing.T, filter InvocationFilter, limit int) (*InvocationList, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	filter.RegionID, filter.InstanceID = runRegion, runInstance
	return env.client.DescribeInvocations(ctx, filter, limit)
}

// TestDescribeInvocationsPages reads pages of 50 until the limit or the last
// page, newest first, and no page more.
func TestDescribeInvocationsPages(t *testing.T) {
	for _, tc := range []struct {
		seeded, limit, wantPages, wantListed int
	}{
		{seeded: 0, limit: 100, wantPages: 1, wantListed: 0},
		{seeded: 1, limit: 100, wantPages: 1, wantListed: 1},
		{seeded: 49, limit: 100, wantPages: 1, wantListed: 49},
		{seeded: 50, limit: 100, wantPages: 1, wantListed: 50},
		{seeded: 51, limit: 100, wantPages: 2, wantListed: 51},
		{seeded: 100, limit: 100, wantPages: 2, wantListed: 100},
		{seeded: 120, limit: 100, wantPages: 2, wantListed: 100},
		{seeded: 120, limit: 10, wantPages: 1, wantListed: 10},
		{seeded: 120, limit: 50, wantPages: 1, wantListed: 50},
		{seeded: 120, limit: 51, wantPages: 2, wantListed: 51},
		{seeded: 120, limit: 1000, wantPages: 3, wantListed: 120},
	} {
		t.Run(fmt.Sprintf("%d invocations, limit %d", tc.seeded, tc.limit), func(t *testing.T) {
			env := newEmulatorEnv(t, 0, nil)
			env.seedInvocations(tc.seeded)

			list, err := env.list(t, InvocationFilter{}, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if n := env.server.Requests(describeInvocations); n != tc.wantPages {
				t.Errorf("%d pages read, want %d", n, tc.wantPages)
			}
			if len(list.RequestIDs) != tc.wantPages {
				t.Errorf("%d request ids for %d pages", len(list.RequestIDs), tc.wantPages)
			}
			if list.TotalCount != tc.seeded {
				t.Errorf("TotalCount = %d, want %d", list.TotalCount, tc.seeded)
			}
			if len(list.Invocations) != tc.wantListed {
				t.Fatalf("%d listed, want %d", len(list.Invocations), tc.wantListed)
			}
			for i, inv := range list.Invocations {
				if want := fmt.Sprintf("t-%04d", tc.seeded-1-i); inv.InvokeID != want {
					t.Fatalf("invocation %d is %s, want %s (newest first, none twice)", i, inv.InvokeID, want)
				}
			}
		})
	}
}

// TestDescribeInvocationsFields maps every field of an entry.
func TestDescribeInvocationsFields(t *testing.T) {
	env := newEmulatorEnv(t, 0, nil)
	env.server.AddInvocation(emulator.Invocation{
		InvokeID: "t-one", InstanceID: runInstance, CommandName: "greet", CommandType: "RunShellScript",
		CommandContent: "echo {{name}}", Parameters: map[string]any{"name": "world"}, CreatedAt: worldStart,
		RunningFor: time.Hour,
	})
	list, err := env.list(t, InvocationFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := Invocation{
		InvokeID: "t-one", CommandName: "greet", CommandType: "RunShellScript",
		CommandContent: "ZWNobyB7e25hbWV9fQ==", CreationTime: "2022-07-11T06:37:15Z",
		InvocationStatus: StatusRunning, InvokeStatus: "Running",
	}
	want.Parameters = map[string]any{"name": "world"}
	if got := list.Invocations[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v,\nwant %+v", got, want)
	}
}

// TestDescribeInvocationsFilter sends InvokeStatus only when one is asked.
func TestDescribeInvocationsFilter(t *testing.T) {
	env := newEmulatorEnv(t, 0, nil)
	env.seedInvocations(3)
	env.server.AddInvocation(emulator.Invocation{InvokeID: "t-running", InstanceID: runInstance, RunningFor: time.Hour})

	running, err := env.list(t, InvocationFilter{InvokeStatus: "Running"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(running.Invocations) != 1 || running.Invocations[0].InvokeID != "t-running" || running.TotalCount != 1 {
		t.Errorf("Running lists %+v", running)
	}
	all, err := env.list(t, InvocationFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Invocations) != 4 {
		t.Errorf("no filter lists %d, want 4", len(all.Invocations))
	}
}

// TestDescribeInvocationsUntrustedCounts: a short page is the last whatever
// TotalCount says, and a full page is the last once TotalCount is reached,
// so a wrong count never makes the listing run on.
func TestDescribeInvocationsUntrustedCounts(t *testing.T) {
	page := func(total, entries int) string {
		items := make([]string, entries)
		for i := range items {
			items[i] = fmt.Sprintf(`{"InvokeId":"t-%04d"}`, i)
		}
		return fmt.Sprintf(`{"RequestId":"R","TotalCount":%d,"Invocations":[%s]}`, total, strings.Join(items, ","))
	}
	for _, tc := range []struct {
		name, body string
		wantListed int
	}{
		{"short page, count too high", page(1000, 3), 3},
		{"full page, count reached", page(50, 50), 50},
		{"full page, count too low", page(2, 50), 50},
		{"null entries", `{"RequestId":"R","TotalCount":2,"Invocations":[null,{"InvokeId":"t-0001"}]}`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newEmulatorEnv(t, 0, nil)
			env.server.SetFault(describeInvocations, emulator.Fault{Body: tc.body})
			list, err := env.list(t, InvocationFilter{}, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if n := env.server.Requests(describeInvocations); n != 1 {
				t.Errorf("%d pages read, want 1", n)
			}
			if len(list.Invocations) != tc.wantListed {
				t.Errorf("%d listed, want %d", len(list.Invocations), tc.wantListed)
			}
		})
	}
}

// TestDescribeInvocationsFailures: any page that fails fails the listing.
func TestDescribeInvocationsFailures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault emulator.Fault
		kind  ErrorKind
	}{
		{"server error", emulator.Fault{FailRate: 1}, KindTransient},
		{"entries of the wrong type", emulator.Fault{Body: `{"RequestId":"R","Invocations":"many"}`}, KindInvalidResponse},
		{"no body", emulator.Fault{Body: `null`}, KindInvalidResponse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newEmulatorEnv(t, 0, nil)
			env.server.SetFault(describeInvocations, tc.fault)
			list, err := env.list(t, InvocationFilter{}, 10)
			if !IsKind(err, tc.kind) || list != nil {
				t.Errorf("got %+v, %v; want a %v error", list, err, tc.kind)
			}
		})
	}

	t.Run("a later page", func(t *testing.T) {
		var env *emulatorEnv
		env = newEmulatorEnv(t, 0, func(_ *http.Request, n int) {
			if n == 2 {
				env.server.SetFault(describeInvocations, emulator.Fault{FailRate: 1})
			}
		})
		env.seedInvocations(60)
		list, err := env.list(t, InvocationFilter{}, 100)
		if !IsKind(err, KindTransient) || list != nil {
			t.Errorf("got %+v, %v; want the second page's failure", list, err)
		}
	})

	t.Run("unknown server", func(t *testing.T) {
		env := newEmulatorEnv(t, 0, nil)
		_, err := env.client.DescribeInvocations(context.Background(), InvocationFilter{RegionID: runRegion, InstanceID: "ace-unknown"}, 10)
		if !IsKind(err, KindNotFound) {
			t.Errorf("err = %v, want not found", err)
		}
	})
}
