package runcommand

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// runCommandListModel is the config block of `list "swas_run_command"`.
type runCommandListModel struct {
	RegionID     types.String `tfsdk:"region_id"`
	InstanceID   types.String `tfsdk:"instance_id"`
	InvokeStatus types.String `tfsdk:"invoke_status"`
}

func runCommandListSchema() lschema.Schema {
	return lschema.Schema{
		Description: fmt.Sprintf("Lists the commands run on a Simple Application Server, as the data source "+
			"`swas_invocations` lists them (DescribeInvocations), for `terraform query`, which can write the "+
			"configuration that imports them as `swas_run_command` (`-generate-config-out`) without running them "+
			"again. The API keeps runs for two weeks; at most %d are listed. Terraform 1.14 or later; OpenTofu has "+
			"no `terraform query` yet.", framework.MaxListedInvocations),
		Attributes: map[string]lschema.Attribute{
			"region_id": lschema.StringAttribute{
				Optional: true, Description: framework.RegionIDDescription("the server"),
				Validators: []validator.String{framework.RegionIDValidator},
			},
			"instance_id": lschema.StringAttribute{
				Required: true, Description: framework.InstanceIDDescription(" whose runs to list"),
				Validators: []validator.String{framework.InstanceIDValidator},
			},
			"invoke_status": lschema.StringAttribute{
				Optional: true,
				Description: "List only the runs in this state: `Running`, `Finished`, `Failed` or `Stopped`. " +
					"All when unset.",
				Validators: []validator.String{stringvalidator.OneOf(framework.InvokeStatuses...)},
			},
		},
	}
}
