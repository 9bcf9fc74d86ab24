package framework

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// WriteOnlyNeeds ends the description of every write-only argument.
const WriteOnlyNeeds = " Write-only arguments need Terraform 1.11 or OpenTofu 1.11 or later."

// IsKnown reports whether every value is known, null included: the
// condition for deciding "exactly one of" or "at most one of" them.
func IsKnown(values ...attr.Value) bool {
	for _, v := range values {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// SameParameters compares two sets of parameters, none and empty alike.
func SameParameters(a, b types.Map) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	if len(a.Elements()) == 0 && len(b.Elements()) == 0 {
		return true
	}
	return a.Equal(b)
}

// attributeReader is a configuration, a plan or a state, read one attribute
// at a time: what a plan modifier that needs other attributes reads.
type attributeReader interface {
	GetAttribute(ctx context.Context, at path.Path, target any) diag.Diagnostics
}

// readPart reads part, a pointer to a struct that holds some of a
// resource's attributes under their tfsdk tags, from the configuration,
// the plan or the state of the whole resource, one attribute at a time.
func readPart(ctx context.Context, from attributeReader, part any, diags *diag.Diagnostics) {
	fields := reflect.ValueOf(part).Elem()
	for i := range fields.NumField() {
		if tag := fields.Type().Field(i).Tag.Get("tfsdk"); tag != "" {
			diags.Append(from.GetAttribute(ctx, path.Root(tag), fields.Field(i).Addr().Interface())...)
		}
	}
}

// SetOnce checks that a stored argument, name, and its write-only twin,
// name_wo, are not both set, once both are known; title says what is set
// twice, and is is "is" or "are", as name needs.
func SetOnce(diags *diag.Diagnostics, title, name, is string, stored, writeOnly attr.Value) {
	if IsKnown(stored, writeOnly) && !stored.IsNull() && !writeOnly.IsNull() {
		diags.AddAttributeError(path.Root(name+"_wo"), title+" set twice", fmt.Sprintf("%s and %s_wo are both set. "+
			"Set one: %s %s stored in the state, %s_wo %s not.", name, name, name, is, name, is))
	}
}

// Movable is a pointer to a part of a resource (read by readPart) that
// holds values stored or write-only: MovesOnly reports whether the part,
// as configured, only moves the stored values of the part as prior, in
// the state, to their write-only twins.
type Movable[P any] interface {
	*P
	MovesOnly(prior *P) bool
}

// ReplacedUnlessMoved replaces the resource when an argument changes, as
// RequiresReplaceIf does, unless the configuration only moves stored
// values of the part P to their write-only twins, which runs nothing. One
// value serves every argument of P, whatever its type, so that they decide
// with one comparison.
type ReplacedUnlessMoved[P any, M Movable[P]] struct {
	// Rule describes the modifier.
	Rule string
}

// ReplaceUnlessMoved is ReplacedUnlessMoved for the part P, described by
// rule.
func ReplaceUnlessMoved[P any, M Movable[P]](rule string) ReplacedUnlessMoved[P, M] {
	return ReplacedUnlessMoved[P, M]{Rule: rule}
}

func (m ReplacedUnlessMoved[P, M]) Description(context.Context) string { return m.Rule }

func (m ReplacedUnlessMoved[P, M]) MarkdownDescription(context.Context) string { return m.Rule }

func (m ReplacedUnlessMoved[P, M]) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	m.decide(ctx, req.Config, req.Plan, req.State, req.PlanValue.Equal(req.StateValue), &resp.RequiresReplace, &resp.Diagnostics)
}

func (m ReplacedUnlessMoved[P, M]) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	m.decide(ctx, req.Config, req.Plan, req.State, req.PlanValue.Equal(req.StateValue), &resp.RequiresReplace, &resp.Diagnostics)
}

func (m ReplacedUnlessMoved[P, M]) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	m.decide(ctx, req.Config, req.Plan, req.State, req.PlanValue.Equal(req.StateValue), &resp.RequiresReplace, &resp.Diagnostics)
}

// decide sets replace as RequiresReplaceIf does: not when the resource is
// created or destroyed, nor when the value stays; else unless the part
// only moved, or when the configuration or the state cannot be read.
func (m ReplacedUnlessMoved[P, M]) decide(ctx context.Context, config tfsdk.Config, plan tfsdk.Plan, state tfsdk.State, unchanged bool, replace *bool, diags *diag.Diagnostics) {
	if state.Raw.IsNull() || plan.Raw.IsNull() || unchanged {
		return
	}
	var configured, prior P
	readPart(ctx, config, &configured, diags)
	readPart(ctx, state, &prior, diags)
	*replace = diags.HasError() || !M(&configured).MovesOnly(&prior)
}
