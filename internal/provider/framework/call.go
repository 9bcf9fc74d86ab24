package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// Operation is a call to the API, described the same way by every data
// source and resource: where, within which timeout, and what it is called
// when it fails.
type Operation struct {
	// RegionID is the region_id attribute; the provider's region when null.
	RegionID types.String
	// Timeout is the key that bounds the operation the call belongs to: a
	// create's call is bounded by timeouts.create, and its errors say so.
	Timeout Timeout
	// Doing completes "While <doing> in <region>", e.g. "reading invocation t-1 on instance i-1".
	Doing string
	// Blame maps a fragment of a not-found code to the attribute at fault.
	Blame map[string]path.Path
	// NotFound, when set, handles a not-found answer instead of an error.
	NotFound func(region string, err error, diags *diag.Diagnostics)
}

// Call resolves the region, bounds ctx by the operation's timeout, calls
// call and turns a failure into one diagnostic. It returns the region, and
// false when there is no result.
func Call[T any](ctx context.Context, data *ProviderData, op Operation, call func(ctx context.Context, region string) (T, error), diags *diag.Diagnostics) (result T, region string, ok bool) {
	ctx, cancel, region, ok := Begin(ctx, data, op.RegionID, op.Timeout, diags)
	if !ok {
		return result, "", false
	}
	defer cancel()
	result, err := call(ctx, region)
	switch {
	case err == nil:
		return result, region, true
	case op.NotFound != nil && swasclient.IsKind(err, swasclient.KindNotFound):
		op.NotFound(region, err, diags)
	default:
		Failure{Doing: op.Doing + " in " + region, Blame: op.Blame, Timeout: op.Timeout}.Add(diags, err)
	}
	return result, region, false
}

// Begin starts an operation of several calls, such as running a command
// and waiting for it: it resolves the region and bounds ctx by the
// operation's timeout, whose key the operation's failures then name. It
// returns false after a diagnostic.
func Begin(ctx context.Context, data *ProviderData, regionID types.String, timeout Timeout, diags *diag.Diagnostics) (context.Context, context.CancelFunc, string, bool) {
	region, ok := data.RegionFor(regionID, diags)
	if !ok {
		return ctx, func() {}, "", false
	}
	limit, limitDiags := timeout.Limit(ctx)
	diags.Append(limitDiags...)
	if limitDiags.HasError() {
		return ctx, func() {}, "", false
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	return ctx, cancel, region, true
}

// Not-found answers point at the id the API did not find.
var (
	InstanceBlame   = map[string]path.Path{"Instance": path.Root("instance_id"), "Region": path.Root("region_id")}
	InvocationBlame = map[string]path.Path{
		"Instance": path.Root("instance_id"), "Invoke": path.Root("invoke_id"), "Region": path.Root("region_id"),
	}
)
