package fleet

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// commandListModel is the config block of `list "swas_command"`.
type commandListModel struct {
	RegionID  types.String `tfsdk:"region_id"`
	CommandID types.String `tfsdk:"command_id"`
	Name      types.String `tfsdk:"name"`
	Type      types.String `tfsdk:"type"`
}

func commandListSchema() lschema.Schema {
	filter := func(description string, validators ...validator.String) lschema.StringAttribute {
		return lschema.StringAttribute{Optional: true, Description: description, Validators: validators}
	}
	return lschema.Schema{
		Description: fmt.Sprintf("Lists the Cloud Assistant commands saved in this account, as the data source "+
			"`swas_commands` finds them (DescribeCommands with Provider `User`), for `terraform query`, which can "+
			"write the configuration that imports them (`-generate-config-out`). Filters combine; at most %d "+
			"commands are listed. Terraform 1.14 or later; OpenTofu has no `terraform query` yet.", maxListedCommands),
		Attributes: map[string]lschema.Attribute{
			"region_id":  filter(framework.RegionIDDescription("the commands"), framework.RegionIDValidator),
			"command_id": filter("List only the command with this id.", framework.CommandIDValidator),
			"name": filter("List only the commands with exactly this name (the API does no fuzzy matching).",
				stringvalidator.LengthAtLeast(1)),
			"type": filter("List only the commands in this language: "+framework.CommandTypeNames+".",
				stringvalidator.OneOf(framework.CommandTypes...)),
		},
	}
}
