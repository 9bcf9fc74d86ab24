//go:build ignore

// Command terraform-only-schemas adds to the provider schema that `tofu
// providers schema -json` prints (on stdin) the schemas OpenTofu does not
// know yet, list resources and actions, read from the provider itself, so
// that tfplugindocs documents them; scripts/docs.sh runs it:
//
//	go run scripts/terraform-only-schemas.go <tofu-schema.json >schema.json
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/openswas/terraform-provider-swas/internal/provider"
)

// The provider's address in the schema tfplugindocs reads.
const address = "swas"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "terraform-only-schemas:", err)
		os.Exit(1)
	}
}

func run() error {
	var schemas struct {
		FormatVersion   string                                `json:"format_version"`
		ProviderSchemas map[string]map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&schemas); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	ours, ok := schemas.ProviderSchemas[address]
	if !ok {
		return fmt.Errorf("no provider %q in the schema", address)
	}
	server, err := provider.NewServer("docs", provider.Options{})()
	if err != nil {
		return err
	}
	served, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return err
	}
	lists := map[string]any{}
	for name, schema := range served.ListResourceSchemas {
		lists[name] = map[string]any{"version": schema.Version, "block": block(schema.Block)}
	}
	actions := map[string]any{}
	for name, schema := range served.ActionSchemas {
		actions[name] = map[string]any{"block": block(schema.Schema.Block)}
	}
	for key, value := range map[string]any{"list_resource_schemas": lists, "action_schemas": actions} {
		if ours[key], err = json.Marshal(value); err != nil {
			return err
		}
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	return out.Encode(schemas)
}

// block is a schema block as `providers schema -json` writes it.
func block(b *tfprotov6.SchemaBlock) map[string]any {
	attributes := map[string]any{}
	for _, a := range b.Attributes {
		attribute := map[string]any{"type": a.Type, "description": a.Description, "description_kind": kind(a.DescriptionKind)}
		for flag, set := range map[string]bool{
			"required": a.Required, "optional": a.Optional, "computed": a.Computed, "sensitive": a.Sensitive,
			"write_only": a.WriteOnly, "deprecated": a.Deprecated,
		} {
			if set {
				attribute[flag] = true
			}
		}
		attributes[a.Name] = attribute
	}
	out := map[string]any{"description_kind": kind(b.DescriptionKind)}
	if b.Description != "" {
		out["description"] = b.Description
	}
	if len(attributes) > 0 {
		out["attributes"] = attributes
	}
	return out
}

func kind(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}
