// Command terraform-provider-swas is the Terraform and OpenTofu provider for
// Alibaba Cloud Simple Application Server (SWAS).
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/openswas/terraform-provider-swas/internal/provider"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// version is set by the release build (goreleaser) through ldflags.
var version = "dev"

// address is the provider's full source address, which its logs and the
// TF_REATTACH_PROVIDERS that -debug prints name. Configurations write
// "openswas/swas": Terraform resolves that to this address, OpenTofu to
// registry.opentofu.org/openswas/swas.
const address = "registry.terraform.io/openswas/swas"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietUnreadSDKLogs()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	newServer := provider.NewServer(version, provider.Options{})
	err := tf6server.Serve(address, func() tfprotov6.ProviderServer {
		server, err := newServer()
		if err != nil {
			log.Fatal(err.Error())
		}
		return server
	}, opts...)
	// Serve returns once OpenTofu or Terraform has shut the plugin down:
	// the connections kept for later calls end cleanly, not with the process.
	swasclient.CloseIdleConnections()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietUnreadSDKLogs switches off the plugin libraries' own trace logs when
// no log was asked for: OpenTofu and Terraform discard them then, and making
// them costs about a quarter of the provider's CPU in large plans
// (BENCHMARKS.md). The provider's own log lines are left alone.
func quietUnreadSDKLogs() {
	for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if os.Getenv(name) != "" {
			return
		}
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		os.Setenv(name, "off")
	}
}
