package framework

import (
	"context"
	"fmt"
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

// ImportIDPart is one id an import ID holds after its optional region: its
// attribute's name and the validator that checks it.
type ImportIDPart struct {
	Name string
	ID   IDValidator
}

// ParseImportID reads what req imports (ImportID) as the ids of parts,
// after an optional region: `[<region>:]<id>[:<id>...]`. It returns the
// region, null when left out, and the ids; for anything else it adds an
// error that shows the form, with an example, and returns false.
func ParseImportID[I any](ctx context.Context, req resource.ImportStateRequest, identity func(*I) []types.String, parts []ImportIDPart, diags *diag.Diagnostics) (types.String, []string, bool) {
	id, what := ImportID(ctx, req, identity, diags)
	if diags.HasError() {
		return types.StringNull(), nil, false
	}
	region, ids, problem := SplitImportID(id, parts)
	if problem == "" {
		return region, ids, true
	}
	form, example := make([]string, len(parts)), make([]string, len(parts))
	for i, part := range parts {
		form[i], example[i] = "<"+part.Name+">", part.ID.Example
	}
	diags.AddError("Invalid "+what, fmt.Sprintf("The %s %q is not %s or <region>:%[3]s, e.g. %[4]s or %[5]s:%[4]s: %[6]s.",
		what, id, strings.Join(form, ":"), strings.Join(example, ":"), RegionIDValidator.Example, problem))
	return types.StringNull(), nil, false
}

// SplitImportID splits id into its optional region and one id for each of
// parts; problem is "" when they are all valid.
func SplitImportID(id string, parts []ImportIDPart) (region types.String, ids []string, problem string) {
	ids, region = strings.Split(id, ":"), types.StringNull()
	if len(ids) == len(parts)+1 {
		if problem = RegionIDValidator.Problem(ids[0]); problem != "" {
			return region, nil, "the region " + problem
		}
		region, ids = types.StringValue(ids[0]), ids[1:]
	}
	if len(ids) != len(parts) {
		return region, nil, fmt.Sprintf("it has %d parts separated by colons", strings.Count(id, ":")+1)
	}
	for i, part := range parts {
		if problem = part.ID.Problem(ids[i]); problem != "" {
			// instance_id is "the instance ID".
			return region, nil, "the " + strings.ReplaceAll(strings.TrimSuffix(part.Name, "_id"), "_", " ") + " ID " + problem
		}
	}
	return region, ids, ""
}
