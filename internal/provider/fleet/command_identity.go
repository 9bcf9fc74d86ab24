package fleet

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

var (
	_ resource.ResourceWithIdentity = (*commandResource)(nil)
	_ resource.ResourceWithIdentity = (*commandInvocationResource)(nil)
)

// commandIdentity names a saved command in a region.
type commandIdentity struct {
	RegionID  types.String `tfsdk:"region_id"`
	CommandID types.String `tfsdk:"command_id"`
}

func (r *commandResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"region_id":  framework.IdentityRegionID(),
			"command_id": framework.IdentityID("The ID of the saved command, e.g. `" + framework.CommandIDValidator.Example + "`."),
		},
	}
}

func (r *commandResource) identity(m *commandModel) commandIdentity {
	return commandIdentity{RegionID: r.Data.StateRegion(m.RegionID), CommandID: m.ID}
}

func (i *commandIdentity) importIDParts() []types.String {
	return []types.String{i.RegionID, i.CommandID}
}

// commandInvocationIdentity names a run of a saved command on a fleet.
type commandInvocationIdentity struct {
	RegionID types.String `tfsdk:"region_id"`
	InvokeID types.String `tfsdk:"invoke_id"`
}

func (r *commandInvocationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"region_id": framework.IdentityRegionID(),
			"invoke_id": framework.IdentityID("The ID of the run, e.g. `" + framework.InvokeIDValidator.Example + "`."),
		},
	}
}

func (r *commandInvocationResource) identity(m *commandInvocationModel) commandInvocationIdentity {
	return commandInvocationIdentity{RegionID: r.Data.StateRegion(m.RegionID), InvokeID: m.InvokeID}
}

func (i *commandInvocationIdentity) importIDParts() []types.String {
	return []types.String{i.RegionID, i.InvokeID}
}
