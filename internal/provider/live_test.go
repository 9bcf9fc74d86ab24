package provider_test

import (
	"errors"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/auth"
	"github.com/openswas/terraform-provider-swas/internal/provider"
)

// TestAccLive_invocationResult reads a real invocation from Alibaba Cloud.
// It runs only with TF_ACC=1 and TF_ACC_LIVE=1, credentials in the
// environment (any source the provider reads), ALIBABA_CLOUD_REGION_ID, and
// the ids of an existing command run in SWAS_LIVE_INSTANCE_ID and
// SWAS_LIVE_INVOKE_ID.
func TestAccLive_invocationResult(t *testing.T) {
	if os.Getenv("TF_ACC_LIVE") != "1" {
		t.Skip("set TF_ACC_LIVE=1 to run tests against the real SWAS API")
	}
	if _, err := auth.Resolve(auth.Settings{}, os.Getenv); errors.Is(err, auth.ErrNoCredentials) {
		t.Skip("no Alibaba Cloud credentials in the environment")
	}
	instanceID, invokeID := os.Getenv("SWAS_LIVE_INSTANCE_ID"), os.Getenv("SWAS_LIVE_INVOKE_ID")
	if instanceID == "" || invokeID == "" {
		t.Skip("set SWAS_LIVE_INSTANCE_ID and SWAS_LIVE_INVOKE_ID to an existing command run")
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"swas": provider.NewServer("test", provider.Options{}),
		},
		Steps: []resource.TestStep{{
			Config: acctest.LoadConfig(t, "main.tf", acctest.ConfigValues{"Instance": instanceID, "InvokeID": invokeID}),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.ResultAddress, "request_id", knownvalue.NotNull()),
				acctest.ExpectValue(acctest.ResultAddress, "invocation_status", knownvalue.NotNull()),
				acctest.ExpectValue(acctest.ResultAddress, "output_base64", knownvalue.NotNull()),
			},
		}},
	})
}
