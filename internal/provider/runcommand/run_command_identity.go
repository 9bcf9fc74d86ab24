package runcommand

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

var _ resource.ResourceWithIdentity = (*runCommandResource)(nil)

// runCommandIdentity names a run: the server and the invoke id, in a region.
type runCommandIdentity struct {
	RegionID   types.String `tfsdk:"region_id"`
	InstanceID types.String `tfsdk:"instance_id"`
	InvokeID   types.String `tfsdk:"invoke_id"`
}

func (r *runCommandResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"region_id":   framework.IdentityRegionID(),
			"instance_id": framework.IdentityID("The ID of the server the command ran on."),
			"invoke_id":   framework.IdentityID("The ID of the run, e.g. `" + framework.InvokeIDValidator.Example + "`."),
		},
	}
}

// identity is the identity of the run m holds.
func (r *runCommandResource) identity(m *runCommandModel) runCommandIdentity {
	return runCommandIdentity{RegionID: r.Data.StateRegion(m.RegionID), InstanceID: m.InstanceID, InvokeID: m.InvokeID}
}

// importIDParts writes an identity as the string import ID.
func (i *runCommandIdentity) importIDParts() []types.String {
	return []types.String{i.RegionID, i.InstanceID, i.InvokeID}
}
