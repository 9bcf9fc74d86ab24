package framework

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A resource's identity (Terraform 1.12, OpenTofu 1.12) names it with the
// same ids as its string import ID, attribute by attribute. The CLI keeps
// it beside the state and imports by it (`import { identity = { ... } }`).

// IdentityRegionID is the region_id of an identity: optional to import,
// the provider's region when left out, as in a string import ID.
func IdentityRegionID() identityschema.StringAttribute {
	return identityschema.StringAttribute{
		OptionalForImport: true,
		Description:       "The region, e.g. `cn-hangzhou`; the provider's region when left out of an import.",
	}
}

// IdentityID is an id an import by identity needs.
func IdentityID(description string) identityschema.StringAttribute {
	return identityschema.StringAttribute{RequiredForImport: true, Description: description}
}

// SetIdentity records the identity of a resource; identity is nil when
// the CLI keeps none.
func SetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, value any, diags *diag.Diagnostics) {
	if identity != nil {
		diags.Append(identity.Set(ctx, value)...)
	}
}

// StateRegion is the region a resource's state names, else the provider's,
// for a state written before region_id was saved.
func (d *ProviderData) StateRegion(regionID types.String) types.String {
	if regionID.ValueString() == "" && d != nil && d.Region != "" {
		return types.StringValue(d.Region)
	}
	return regionID
}

// ImportID is what an import names: the string import ID, or the identity
// written as one, the ids joined by colons with the region first when it
// is set, so that one parser checks both. what names it in errors.
func ImportID[I any](ctx context.Context, req resource.ImportStateRequest, parts func(*I) []types.String, diags *diag.Diagnostics) (id, what string) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, "import ID"
	}
	var identity I
	diags.Append(req.Identity.Get(ctx, &identity)...)
	var ids []string
	for _, part := range parts(&identity) {
		if part.ValueString() != "" {
			ids = append(ids, part.ValueString())
		}
	}
	return strings.Join(ids, ":"), "identity"
}
