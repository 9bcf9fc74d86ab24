package runcommand

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// runCommandIdentity names a run: the server and the invoke id, in a region.
type runCommandIdentity struct {
	RegionID   types.String `tfsdk:"region_id"`
	InstanceID types.String `tfsdk:"instance_id"`
	InvokeID   types.String `tfsdk:"invoke_id"`
}

// identityOf is the identity of the run m holds, whose region is data's
// when m leaves it null.
func (m *runCommandModel) identityOf(data *framework.ProviderData) runCommandIdentity {
	return runCommandIdentity{RegionID: data.StateRegion(m.RegionID), InstanceID: m.InstanceID, InvokeID: m.InvokeID}
}

// importIDParts writes an identity as the string import ID.
func (i *runCommandIdentity) importIDParts() []types.String {
	return []types.String{i.RegionID, i.InstanceID, i.InvokeID}
}
