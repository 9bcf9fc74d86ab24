package fleet

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// commandIdentity names a saved command in a region.
type commandIdentity struct {
	RegionID  types.String `tfsdk:"region_id"`
	CommandID types.String `tfsdk:"command_id"`
}

// identityOf is the identity of the command m, whose region is data's
// when m leaves it null.
func (m *commandModel) identityOf(data *framework.ProviderData) commandIdentity {
	return commandIdentity{RegionID: data.StateRegion(m.RegionID), CommandID: m.ID}
}

func (i *commandIdentity) importIDParts() []types.String {
	return []types.String{i.RegionID, i.CommandID}
}

// commandInvocationIdentity names a run of a saved command on a fleet.
type commandInvocationIdentity struct {
	RegionID types.String `tfsdk:"region_id"`
	InvokeID types.String `tfsdk:"invoke_id"`
}

// identityOf is the identity of the run m, whose region is data's when m
// leaves it null.
func (m *commandInvocationModel) identityOf(data *framework.ProviderData) commandInvocationIdentity {
	return commandInvocationIdentity{RegionID: data.StateRegion(m.RegionID), InvokeID: m.InvokeID}
}

func (i *commandInvocationIdentity) importIDParts() []types.String {
	return []types.String{i.RegionID, i.InvokeID}
}
