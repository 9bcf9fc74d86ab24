package fleet

import (
	"context"

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
	region, ids, ok := framework.ParseImportID(ctx, req, (*commandIdentity).importIDParts, commandImportID, &resp.Diagnostics)
	if !ok {
		return
	}
	id := types.StringValue(ids[0])
	framework.MarkImported(ctx, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	if !region.IsNull() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
	}
}

// commandImportID is the form of swas_command's import ID.
var commandImportID = []framework.ImportIDPart{{Name: "command_id", ID: framework.CommandIDValidator}}

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
