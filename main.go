// Command terraform-provider-swas is the Terraform and OpenTofu provider for
// Alibaba Cloud Simple Application Server (SWAS).
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/openswas/terraform-provider-swas/internal/provider"
)

// version is set by the release build (goreleaser) through ldflags.
var version = "dev"

// Address is the provider's source address; OpenTofu users write "openswas/swas".
const address = "registry.terraform.io/openswas/swas"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         address,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
