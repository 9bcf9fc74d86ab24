package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer is the provider served over plugin protocol 6, as main serves
// it and the acceptance tests run it.
func NewServer(version string, opts Options) func() (tfprotov6.ProviderServer, error) {
	framework := providerserver.NewProtocol6WithError(NewWithOptions(version, opts)())
	return func() (tfprotov6.ProviderServer, error) {
		server, err := framework()
		if err != nil {
			return nil, err
		}
		full, ok := server.(frameworkServer)
		if !ok {
			return nil, fmt.Errorf("the framework's server (%T) does not serve list resources and actions", server)
		}
		return writeOnlyActionArguments{full}, nil
	}
}

// frameworkServer is what the framework's server serves: the protocol,
// list resources and actions, which the plugin server finds by asking.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
}

// writeOnlyActionArguments lets an action take write-only arguments.
// terraform-plugin-framework v1.19.0 validates an action's configuration
// as if the CLI could not send write-only values (ValidateActionConfig in
// internal/fwserver/server_validateactionconfig.go sets
// WriteOnlyAttributesAllowed to false for every schema but a resource's),
// so it rejects any value of one; yet every CLI that runs actions
// (Terraform 1.14) sends them, as it has since 1.11. Only that
// diagnostic is dropped, and only for actions.
type writeOnlyActionArguments struct {
	frameworkServer
}

// writeOnlyNotAllowed is the summary of the framework's diagnostic.
const writeOnlyNotAllowed = "WriteOnly Attribute Not Allowed"

func (s writeOnlyActionArguments) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	resp, err := s.frameworkServer.ValidateActionConfig(ctx, req)
	if resp != nil {
		resp.Diagnostics = slices.DeleteFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool {
			return d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == writeOnlyNotAllowed
		})
	}
	return resp, err
}
