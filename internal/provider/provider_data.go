package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// defaultReadTimeout bounds a read, waiting and retries included, unless
// timeouts.read says otherwise.
const defaultReadTimeout = 10 * time.Minute

// providerData is what Configure hands to every data source and resource.
type providerData struct {
	client *swasclient.Client
	region string
	wait   swasclient.WaitOptions
}

// configuredProviderData takes the provider's data in a data source's or a
// resource's Configure; it is nil before the provider is configured. The
// types that have moved to their families take framework.ProviderData,
// which Configure hands them all.
func configuredProviderData(configured any, diags *diag.Diagnostics) *providerData {
	if configured == nil {
		return nil
	}
	data, ok := configured.(*framework.ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *framework.ProviderData, got %T. This is a bug in the provider: please report it.", configured))
		return nil
	}
	return &providerData{client: data.Client, region: data.Region, wait: data.Wait}
}

// regionFor is the region_id attribute, else the provider's region.
func (d *providerData) regionFor(regionID types.String, diags *diag.Diagnostics) (string, bool) {
	if d == nil {
		diags.AddError("Provider not configured",
			"The swas provider was not configured before this read. This is a bug in the provider or in the tool running it: please report it.")
		return "", false
	}
	if region := regionID.ValueString(); region != "" {
		return region, true
	}
	if d.region != "" {
		return d.region, true
	}
	diags.AddAttributeError(path.Root("region_id"), "No region",
		"Neither region_id nor the provider's region is set. Set region_id here, or region in the provider "+
			"block (or ALIBABA_CLOUD_REGION_ID in the environment).")
	return "", false
}
