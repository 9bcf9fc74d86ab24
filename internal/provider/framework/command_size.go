package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// Scripts alone within the size limits once base64-encoded (3 bytes to 4),
// for the scripts' attribute validators: RunCommand's 16 KB, and the 18 KB
// of a saved command.
const (
	MaxCommandBytes      = swasclient.MaxRunCommandBytes / 4 * 3
	MaxSavedCommandBytes = swasclient.MaxSavedCommandBytes / 4 * 3
)

// CommandSizeCheck holds a script and its parameters to the size limit of
// the action that sends them, as the API measures it
// (swasclient.CommandSize), once every value is known.
type CommandSizeCheck struct {
	Action string
	Limit  int
	// Content is the script, null when the API adds it (InvokeCommand's
	// saved command).
	Content    types.String
	Parameters types.Map
	// At is the attribute to blame.
	At path.Path
}

// Validate adds an error on At when the script and its parameters exceed
// the limit.
func (c CommandSizeCheck) Validate(ctx context.Context, diags *diag.Diagnostics) {
	if c.Content.IsUnknown() || c.Parameters.IsUnknown() {
		return
	}
	parameters := map[string]types.String{}
	diags.Append(c.Parameters.ElementsAs(ctx, &parameters, false)...)
	values := make(map[string]string, len(parameters))
	for name, value := range parameters {
		if value.IsUnknown() {
			return
		}
		values[name] = value.ValueString()
	}
	size := swasclient.CommandSize(c.Content.ValueString(), values)
	if size <= c.Limit {
		return
	}
	what := "The script and its parameters are"
	if c.Content.IsNull() {
		what = "The parameters alone are"
	}
	diags.AddAttributeError(c.At, "Command too large", fmt.Sprintf("%s %d bytes once base64-encoded, and %s takes "+
		"at most %d (%d KB) of script and parameters together, as the API measures them. Shorten the script or the "+
		"parameter values, or copy large files to the server another way and run a short script.",
		what, size, c.Action, c.Limit, c.Limit/1024))
}
