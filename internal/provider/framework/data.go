// Package framework is what the provider's data sources, resources and
// ephemeral resources share, so that each is written once: the provider's
// data (ProviderData), the one way to call the API within an operation's
// own timeout (Call), the one diagnostic for every failure (Failure), the
// attributes several types have (region_id, instance_id, the command types,
// timeouts) with their descriptions and validators, the results of a run
// (ResultFields), output decoding, and the pieces that keep secrets out of
// the state and let an import plan no change.
//
// It imports none of the provider's packages: the type families import it,
// and the provider imports them.
package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// ProviderData is what the provider's Configure hands to every data source,
// resource and ephemeral resource.
type ProviderData struct {
	Client *swasclient.Client
	// Region is the provider's region, the default of every region_id.
	Region string
	// Wait spaces the polls of every wait.
	Wait swasclient.WaitOptions
}

// configured takes the provider's data in a type's Configure; it is nil
// before the provider is configured.
func configured(providerData any, diags *diag.Diagnostics) *ProviderData {
	if providerData == nil {
		return nil
	}
	data, ok := providerData.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *framework.ProviderData, got %T. This is a bug in the provider: please report it.", providerData))
	}
	return data
}

// RegionFor is the region_id attribute, else the provider's region.
func (d *ProviderData) RegionFor(regionID types.String, diags *diag.Diagnostics) (string, bool) {
	if d == nil {
		diags.AddError("Provider not configured",
			"The swas provider was not configured before this read. This is a bug in the provider or in the tool running it: please report it.")
		return "", false
	}
	if region := regionID.ValueString(); region != "" {
		return region, true
	}
	if d.Region != "" {
		return d.Region, true
	}
	diags.AddAttributeError(path.Root("region_id"), "No region",
		"Neither region_id nor the provider's region is set. Set region_id here, or region in the provider "+
			"block (or ALIBABA_CLOUD_REGION_ID in the environment).")
	return "", false
}

// DataSource is what every data source embeds: its type name and schema,
// the provider's data, which its Configure takes, and its model M, the
// struct its schema's values are read into.
type DataSource[M any] struct {
	name   string
	schema func() dschema.Schema
	Data   *ProviderData
}

// NewDataSource is the base of the data source swas_<name>.
func NewDataSource[M any](name string, schema func() dschema.Schema) DataSource[M] {
	return DataSource[M]{name: name, schema: schema}
}

func (d *DataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.name
}

func (d *DataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema()
}

func (d *DataSource[M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Data = configured(req.ProviderData, &resp.Diagnostics)
}

// Model is a new zero model.
func (d *DataSource[M]) Model() any { return new(M) }

// Resource is what every resource embeds: its type name and schema, the
// provider's data, which its Configure takes, and its model M.
type Resource[M any] struct {
	name   string
	schema func() rschema.Schema
	Data   *ProviderData
}

// NewResource is the base of the resource swas_<name>.
func NewResource[M any](name string, schema func() rschema.Schema) Resource[M] {
	return Resource[M]{name: name, schema: schema}
}

func (r *Resource[M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name
}

func (r *Resource[M]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema()
}

func (r *Resource[M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.Data = configured(req.ProviderData, &resp.Diagnostics)
}

// Model is a new zero model.
func (r *Resource[M]) Model() any { return new(M) }

// EphemeralResource is what every ephemeral resource embeds: its type
// name and schema, the provider's data, which its Configure takes, and its
// model M.
type EphemeralResource[M any] struct {
	name   string
	schema func() eschema.Schema
	Data   *ProviderData
}

// NewEphemeralResource is the base of the ephemeral resource swas_<name>.
func NewEphemeralResource[M any](name string, schema func() eschema.Schema) EphemeralResource[M] {
	return EphemeralResource[M]{name: name, schema: schema}
}

func (r *EphemeralResource[M]) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name
}

func (r *EphemeralResource[M]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = r.schema()
}

func (r *EphemeralResource[M]) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.Data = configured(req.ProviderData, &resp.Diagnostics)
}

// Model is a new zero model.
func (r *EphemeralResource[M]) Model() any { return new(M) }
