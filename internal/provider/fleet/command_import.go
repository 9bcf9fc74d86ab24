package fleet

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// ImportState takes `<command_id>` or `<region>:<command_id>`, or the
// identity naming them, checked as the attributes' validators check them;
// Read fills in the rest.
func (r *commandResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, what := framework.ImportID(ctx, req, (*commandIdentity).importIDParts, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	region, id, problem := parseCommandImportID(importID)
	if problem != "" {
		example := framework.CommandIDValidator.Example
		resp.Diagnostics.AddError("Invalid "+what,
			fmt.Sprintf("The %s %q is not <command_id> or <region>:<command_id>, e.g. %s or cn-hangzhou:%s: %s.",
				what, importID, example, example, problem))
		return
	}
	framework.MarkImported(ctx, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	if !region.IsNull() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
	}
}

// parseCommandImportID splits `[region:]command_id`; problem is "" when
// the ID is usable.
func parseCommandImportID(id string) (region types.String, commandID, problem string) {
	parts := strings.Split(id, ":")
	region = types.StringNull()
	switch len(parts) {
	case 1:
	case 2:
		if problem = framework.RegionIDValidator.Problem(parts[0]); problem != "" {
			return region, "", "the region " + problem
		}
		region = types.StringValue(parts[0])
	default:
		return region, "", fmt.Sprintf("it has %d parts separated by colons", len(parts))
	}
	commandID = parts[len(parts)-1]
	if problem = framework.CommandIDValidator.Problem(commandID); problem != "" {
		return region, "", "the command ID " + problem
	}
	return region, commandID, ""
}

var _ resource.ResourceWithIdentity = (*commandResource)(nil)

// IdentitySchema is what names the resource in an import by identity.
func (r *commandResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"region_id":  framework.IdentityRegionID(),
			"command_id": framework.IdentityID("The ID of the saved command, e.g. `" + framework.CommandIDValidator.Example + "`."),
		},
	}
}
