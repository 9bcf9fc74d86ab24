package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ListResource is what every list resource (Terraform 1.14's `list`
// blocks, for `terraform query`) embeds: the name of the resource it
// lists, the schema of its `config` block, the provider's data, which its
// Configure takes, and its model M, the struct that block is read into.
type ListResource[M any] struct {
	name   string
	schema func() lschema.Schema
	Data   *ProviderData
}

// NewListResource is the base of the list resource of swas_<name>.
func NewListResource[M any](name string, schema func() lschema.Schema) ListResource[M] {
	return ListResource[M]{name: name, schema: schema}
}

func (l *ListResource[M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.name
}

func (l *ListResource[M]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.schema()
}

func (l *ListResource[M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.Data = configured(req.ProviderData, &resp.Diagnostics)
}

// Model is a new zero model.
func (l *ListResource[M]) Model() any { return new(M) }

// Listed is one result of a list: the resource's identity, its attributes
// when the CLI asks for them (to generate configuration), as an import
// would set them, and a name for people to read.
func Listed(ctx context.Context, req list.ListRequest, identity any, attributes map[string]attr.Value, display string, diags diag.Diagnostics) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = display
	result.Diagnostics.Append(diags...)
	result.Diagnostics.Append(result.Identity.Set(ctx, identity)...)
	if req.IncludeResource {
		for name, value := range attributes {
			result.Diagnostics.Append(result.Resource.SetAttribute(ctx, path.Root(name), value)...)
		}
	}
	return result
}

// ListFailed is a list that ends with diags, its one result.
func ListFailed(stream *list.ListResultsStream, diags diag.Diagnostics) {
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}
