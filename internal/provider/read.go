package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// readTimeouts is a data source's or a resource's timeouts block.
type readTimeouts interface {
	Read(ctx context.Context, defaultTimeout time.Duration) (time.Duration, diag.Diagnostics)
}

// namedTimeouts is a timeouts block whose limit of the read is not called
// timeouts.read, for the advice of errors.
type namedTimeouts interface {
	setting() string
}

// apiRead is one read from the API, described the same way by every data
// source and resource: where, how long, and what it is called when it fails.
type apiRead struct {
	// regionID is the region_id attribute; the provider's region when null.
	regionID types.String
	// timeouts bounds the read by timeouts.read; defaultReadTimeout when nil.
	timeouts readTimeouts
	// doing completes "While <doing> in <region>", e.g. "reading invocation t-1 on instance i-1".
	doing string
	// blame maps a fragment of a not-found code to the attribute at fault.
	blame map[string]path.Path
	// notFound, when set, reports a not-found answer instead of an error.
	notFound func(region string, err error, diags *diag.Diagnostics)
}

// readAPI resolves the region, bounds ctx by the read timeout, calls read
// and turns a failure into one diagnostic. It returns the region, and
// false when there is no result.
func readAPI[T any](ctx context.Context, data *providerData, r apiRead, read func(ctx context.Context, region string) (T, error), diags *diag.Diagnostics) (result T, region string, ok bool) {
	region, ok = data.regionFor(r.regionID, diags)
	if !ok {
		return result, "", false
	}
	limit := defaultReadTimeout
	if r.timeouts != nil {
		var limitDiags diag.Diagnostics
		limit, limitDiags = r.timeouts.Read(ctx, defaultReadTimeout)
		diags.Append(limitDiags...)
		if limitDiags.HasError() {
			return result, "", false
		}
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	result, err := read(ctx, region)
	switch {
	case err == nil:
		return result, region, true
	case r.notFound != nil && swasclient.IsKind(err, swasclient.KindNotFound):
		r.notFound(region, err, diags)
	default:
		failure := apiFailure{doing: r.doing + " in " + region, blame: r.blame}
		if named, ok := r.timeouts.(namedTimeouts); ok {
			failure.timeoutSetting = named.setting()
		}
		failure.add(diags, err)
	}
	return result, region, false
}

// Not-found answers point at the id the API did not find.
var (
	instanceBlame   = map[string]path.Path{"Instance": path.Root("instance_id"), "Region": path.Root("region_id")}
	invocationBlame = map[string]path.Path{
		"Instance": path.Root("instance_id"), "Invoke": path.Root("invoke_id"), "Region": path.Root("region_id"),
	}
)

// invocationRead is the read of one invocation's result: by
// swas_invocation_result, and by swas_run_command's refresh.
type invocationRead struct {
	regionID   types.String
	instanceID string
	invokeID   string
	timeouts   readTimeouts
	// wait reads until the status is final.
	wait     bool
	notFound func(region string, err error, diags *diag.Diagnostics)
}

// read returns the result with where it was read, or false after a
// diagnostic.
func (r invocationRead) read(ctx context.Context, data *providerData, diags *diag.Diagnostics) (*swasclient.InvocationResult, swasclient.InvocationRef, bool) {
	call := apiRead{
		regionID: r.regionID,
		timeouts: r.timeouts,
		doing:    fmt.Sprintf("reading invocation %s on instance %s", r.invokeID, r.instanceID),
		blame:    invocationBlame,
		notFound: r.notFound,
	}
	var ref swasclient.InvocationRef
	result, _, ok := readAPI(ctx, data, call, func(ctx context.Context, region string) (*swasclient.InvocationResult, error) {
		ref = swasclient.InvocationRef{RegionID: region, InstanceID: r.instanceID, InvokeID: r.invokeID}
		if r.wait {
			return data.client.WaitForInvocation(ctx, ref, data.wait)
		}
		return data.client.DescribeInvocationResult(ctx, ref)
	}, diags)
	return result, ref, ok
}
