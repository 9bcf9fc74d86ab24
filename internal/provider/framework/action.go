package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
)

// Action is what every action (Terraform 1.14's `action` blocks) embeds:
// its type name and schema, the provider's data, which its Configure
// takes, and its model M, the struct its configuration is read into.
type Action[M any] struct {
	name   string
	schema func() aschema.Schema
	Data   *ProviderData
}

// NewAction is the base of the action swas_<name>.
func NewAction[M any](name string, schema func() aschema.Schema) Action[M] {
	return Action[M]{name: name, schema: schema}
}

func (a *Action[M]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.name
}

func (a *Action[M]) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = a.schema()
}

func (a *Action[M]) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.Data = configured(req.ProviderData, &resp.Diagnostics)
}

// Model is a new zero model.
func (a *Action[M]) Model() any { return new(M) }
