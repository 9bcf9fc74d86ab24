package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Imported scripts and parameters are sensitive, so the configuration that
// `plan -generate-config-out` writes for an import leaves them null. Left
// null, they keep the values the import recovered, so that the generated
// configuration plans no change; they are kept only until the command runs
// again, which needs them in the configuration.

// importedKey is the private state's mark of a resource that was imported.
const importedKey = "imported"

// MarkImported marks the resource being imported.
func MarkImported(ctx context.Context, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}

// privateState is what the framework's private state offers plan
// modifiers.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// keepImported reports whether an argument that the configuration leaves
// null keeps its value in the state: when the resource was imported, and
// the configuration does not set twin, its write-only counterpart.
func keepImported(ctx context.Context, private privateState, config tfsdk.Config, twin string, diags *diag.Diagnostics) bool {
	imported, importedDiags := private.GetKey(ctx, importedKey)
	diags.Append(importedDiags...)
	if string(imported) != "true" {
		return false
	}
	if twin == "" {
		return true
	}
	value, _, err := tftypes.WalkAttributePath(config.Raw, tftypes.NewAttributePath().WithAttributeName(twin))
	writeOnly, ok := value.(tftypes.Value)
	return err == nil && ok && writeOnly.IsNull()
}

// KeptWhenImported plans an optional and computed argument that an import
// recovers: the configuration's value when set; else the value in the
// state when keepImported says so; else null.
type KeptWhenImported struct {
	// Twin is the write-only argument that stands for this one, if any.
	Twin string
}

func (KeptWhenImported) Description(context.Context) string {
	return "Left out of the configuration of an imported resource, keeps the value the import recovered."
}

func (m KeptWhenImported) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// keeps reports whether the plan keeps the value in the state.
func (m KeptWhenImported) keeps(ctx context.Context, config tfsdk.Config, state tfsdk.State, private privateState, configured, stored attr.Value, diags *diag.Diagnostics) bool {
	return configured.IsNull() && !state.Raw.IsNull() && !stored.IsNull() && keepImported(ctx, private, config, m.Twin, diags)
}

func (m KeptWhenImported) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	switch {
	case m.keeps(ctx, req.Config, req.State, req.Private, req.ConfigValue, req.StateValue, &resp.Diagnostics):
		resp.PlanValue = req.StateValue
	case req.ConfigValue.IsNull():
		resp.PlanValue = types.StringNull()
	}
}

func (m KeptWhenImported) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	switch {
	case m.keeps(ctx, req.Config, req.State, req.Private, req.ConfigValue, req.StateValue, &resp.Diagnostics):
		resp.PlanValue = req.StateValue
	case req.ConfigValue.IsNull():
		resp.PlanValue = types.MapNull(types.StringType)
	}
}
