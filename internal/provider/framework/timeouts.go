package framework

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	etimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	rtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Defaults of the timeouts blocks.
const (
	// DefaultReadTimeout bounds a read, waiting and retries included.
	DefaultReadTimeout = 10 * time.Minute
	// MinRunTimeout is the least time allowed for running a command and
	// waiting for it; RunMargin is what it adds to the command's own timeout
	// for delivery and reporting.
	MinRunTimeout = 10 * time.Minute
	RunMargin     = 5 * time.Minute
	// apiCommandTimeout is how long a command may run when it does not say:
	// the API's default.
	apiCommandTimeout = 60 * time.Second
)

// RunTimeout is how long running a command whose timeout attribute is
// timeout may take, waiting for it included: its timeout plus RunMargin,
// and at least MinRunTimeout.
func RunTimeout(timeout types.Int64) time.Duration {
	run := apiCommandTimeout
	if !timeout.IsNull() && !timeout.IsUnknown() {
		run = time.Duration(timeout.ValueInt64()) * time.Second
	}
	return max(MinRunTimeout, run+RunMargin)
}

// Timeout is the key of a timeouts block that bounds an operation: its
// name, which errors advise raising, and its value. The zero Timeout is
// timeouts.read left at DefaultReadTimeout.
type Timeout struct {
	key   string
	limit func(ctx context.Context) (time.Duration, diag.Diagnostics)
}

// Key names the timeout in errors, e.g. timeouts.create.
func (t Timeout) Key() string {
	if t.key == "" {
		return "timeouts.read"
	}
	return t.key
}

// Limit is how long the operation may take.
func (t Timeout) Limit(ctx context.Context) (time.Duration, diag.Diagnostics) {
	if t.limit == nil {
		return DefaultReadTimeout, nil
	}
	return t.limit(ctx)
}

// readTimeouts is a data source's or a resource's timeouts block.
type readTimeouts interface {
	Read(ctx context.Context, fallback time.Duration) (time.Duration, diag.Diagnostics)
}

// ReadTimeout is timeouts.read of a data source or a resource, at most
// DefaultReadTimeout unless set; nil, as for an import, which has no
// configuration, is the default.
func ReadTimeout(t readTimeouts) Timeout {
	if t == nil {
		return Timeout{}
	}
	return Timeout{key: "timeouts.read", limit: func(ctx context.Context) (time.Duration, diag.Diagnostics) {
		return t.Read(ctx, DefaultReadTimeout)
	}}
}

// OpenTimeout is an ephemeral resource's timeouts.open, DefaultReadTimeout
// unless set.
func OpenTimeout(t etimeouts.Value) Timeout {
	return Timeout{key: "timeouts.open", limit: func(ctx context.Context) (time.Duration, diag.Diagnostics) {
		return t.Open(ctx, DefaultReadTimeout)
	}}
}

// CreateTimeout is a resource's timeouts.create, fallback unless set.
func CreateTimeout(t rtimeouts.Value, fallback time.Duration) Timeout {
	return Timeout{key: "timeouts.create", limit: func(ctx context.Context) (time.Duration, diag.Diagnostics) {
		return t.Create(ctx, fallback)
	}}
}

// UpdateTimeout is a resource's timeouts.update, fallback unless set.
func UpdateTimeout(t rtimeouts.Value, fallback time.Duration) Timeout {
	return Timeout{key: "timeouts.update", limit: func(ctx context.Context) (time.Duration, diag.Diagnostics) {
		return t.Update(ctx, fallback)
	}}
}

// DeleteTimeout is a resource's timeouts.delete, fallback unless set.
func DeleteTimeout(t rtimeouts.Value, fallback time.Duration) Timeout {
	return Timeout{key: "timeouts.delete", limit: func(ctx context.Context) (time.Duration, diag.Diagnostics) {
		return t.Delete(ctx, fallback)
	}}
}

// The timeouts blocks. Blocks rather than attributes, so that OpenTofu and
// Terraform reject a key they do not have: an object given to an attribute
// loses its unknown keys before the provider sees it. Each key must be a
// duration longer than zero, which replaces the timeouts package's check:
// that takes zero and negative durations.

// readLimit describes the limit of a read, in a data source or an
// ephemeral resource.
var readLimit = fmt.Sprintf("How long the read may take, waiting and retries included, as a duration such as "+
	"`30s` or `10m`. Defaults to `%s`.", DefaultReadTimeout)

// DataSourceTimeouts is a data source's `timeouts { read = "..." }`.
func DataSourceTimeouts() dschema.Block {
	return dschema.SingleNestedBlock{
		Description: "Time limits of the read.",
		CustomType:  dtimeouts.Type{ObjectType: timeoutsType("read")},
		Attributes:  map[string]dschema.Attribute{"read": dschema.StringAttribute{Optional: true, Description: readLimit, Validators: durationKey}},
	}
}

// EphemeralTimeouts is an ephemeral resource's `timeouts { open = "..." }`:
// read, among others, is rejected.
func EphemeralTimeouts() eschema.Block {
	return eschema.SingleNestedBlock{
		Description: "Time limits of the read.",
		CustomType:  etimeouts.Type{ObjectType: timeoutsType("open")},
		Attributes:  map[string]eschema.Attribute{"open": eschema.StringAttribute{Optional: true, Description: readLimit, Validators: durationKey}},
	}
}

// ResourceTimeouts is a resource's timeouts block: a key for each of
// limits (create, read, update, delete), with its description.
func ResourceTimeouts(description string, limits map[string]string) rschema.Block {
	attributes := make(map[string]rschema.Attribute, len(limits))
	for key, limit := range limits {
		attributes[key] = rschema.StringAttribute{Optional: true, Description: limit, Validators: durationKey}
	}
	return rschema.SingleNestedBlock{
		Description: description,
		CustomType:  rtimeouts.Type{ObjectType: timeoutsType(slices.Collect(maps.Keys(limits))...)},
		Attributes:  attributes,
	}
}

// durationKey is what every key of a timeouts block is held to.
var durationKey = []validator.String{durationValidator{}}

// timeoutsType is the object type of a timeouts block with these keys.
func timeoutsType(keys ...string) types.ObjectType {
	attrTypes := make(map[string]attr.Type, len(keys))
	for _, key := range keys {
		attrTypes[key] = types.StringType
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// RefreshLimit describes a resource's timeouts.read, the limit of a
// refresh of a command still running.
var RefreshLimit = fmt.Sprintf("How long a refresh of a command still running may take, retries included. "+
	"Defaults to `%s`.", DefaultReadTimeout)

// RunTimeoutDefault describes RunTimeout, for a timeouts key that
// defaults to it.
var RunTimeoutDefault = fmt.Sprintf("Defaults to the command's `timeout` plus %d minutes, and at least %d minutes.",
	int(RunMargin.Minutes()), int(MinRunTimeout.Minutes()))

// WaitTimeout is an action's wait_timeout, a duration such as "15m",
// fallback unless set; actions have no timeouts block.
func WaitTimeout(value types.String, fallback time.Duration) Timeout {
	return Timeout{key: "wait_timeout", limit: func(context.Context) (time.Duration, diag.Diagnostics) {
		var diags diag.Diagnostics
		if value.IsNull() || value.IsUnknown() {
			return fallback, diags
		}
		limit, err := time.ParseDuration(value.ValueString())
		if err != nil || limit <= 0 {
			diags.AddAttributeError(path.Root("wait_timeout"), "Invalid wait_timeout",
				fmt.Sprintf("wait_timeout is %q, which is not a positive duration. Set it to a duration such as "+
					"\"15m\" or \"1h30m\", or leave it out for %s.", value.ValueString(), fallback))
		}
		return limit, diags
	}}
}
