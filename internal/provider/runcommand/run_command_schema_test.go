package runcommand

import (
	"context"
	"slices"
	"strings"
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// TestEveryArgumentRunsAgain: every argument but those about what the apply
// does with the run replaces the resource, that is, runs the command again.
func TestEveryArgumentRunsAgain(t *testing.T) {
	ctx := context.Background()
	inPlace := []string{"wait_for_completion", "require_success", "wait_for_cloud_assistant", "timeouts", "store_output",
		"show_output_on_failure", "command_content_wo", "parameters_wo"}
	for name, attr := range runCommandSchema().Attributes {
		if attr.IsComputed() && !attr.IsOptional() || slices.Contains(inPlace, name) {
			continue
		}
		var descriptions []string
		switch a := attr.(type) {
		case rschema.StringAttribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		case rschema.Int64Attribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		case rschema.BoolAttribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		case rschema.MapAttribute:
			descriptions = modifierDescriptions(ctx, a.PlanModifiers)
		default:
			t.Errorf("argument %s: unexpected type %T", name, attr)
		}
		if !slices.ContainsFunc(descriptions, func(d string) bool { return strings.Contains(d, "destroy and recreate") }) {
			t.Errorf("argument %s does not require replacement: %q", name, descriptions)
		}
	}
}

func modifierDescriptions[M interface{ Description(context.Context) string }](ctx context.Context, modifiers []M) []string {
	var descriptions []string
	for _, m := range modifiers {
		descriptions = append(descriptions, m.Description(ctx))
	}
	return descriptions
}
