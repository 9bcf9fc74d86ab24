package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// maxCommandBytes is a script alone within RunCommand's size limit of
// 16 KB once base64-encoded (3 bytes to 4), for the script's validators.
const maxCommandBytes = swasclient.MaxRunCommandBytes / 4 * 3

// commandSizeCheck holds a script and its parameters to the size limit of
// the action that sends them, as the API measures it
// (swasclient.CommandSize), once every value is known.
type commandSizeCheck struct {
	action string
	limit  int
	// content is the script, null when the API adds it (InvokeCommand's
	// saved command).
	content    types.String
	parameters types.Map
	// at is the attribute to blame.
	at path.Path
}

func (c commandSizeCheck) validate(ctx context.Context, diags *diag.Diagnostics) {
	if c.content.IsUnknown() || c.parameters.IsUnknown() {
		return
	}
	parameters := map[string]types.String{}
	diags.Append(c.parameters.ElementsAs(ctx, &parameters, false)...)
	values := make(map[string]string, len(parameters))
	for name, value := range parameters {
		if value.IsUnknown() {
			return
		}
		values[name] = value.ValueString()
	}
	size := swasclient.CommandSize(c.content.ValueString(), values)
	if size <= c.limit {
		return
	}
	what := "The script and its parameters are"
	if c.content.IsNull() {
		what = "The parameters alone are"
	}
	diags.AddAttributeError(c.at, "Command too large", fmt.Sprintf("%s %d bytes once base64-encoded, and %s takes "+
		"at most %d (%d KB) of script and parameters together, as the API measures them. Shorten the script or the "+
		"parameter values, or copy large files to the server another way and run a short script.",
		what, size, c.action, c.limit, c.limit/1024))
}
