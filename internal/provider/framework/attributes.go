package framework

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The attributes that several types have, each defined, and described,
// here once.

// RegionIDDescription describes region_id in a type about of, e.g. "the
// server".
func RegionIDDescription(of string) string {
	return "The region of " + of + ", e.g. `cn-hangzhou`. Defaults to the provider's `region`; one of the two must be set."
}

// DataSourceRegionID is a data source's region_id: the provider's region
// when null.
func DataSourceRegionID(of string) dschema.StringAttribute {
	return dschema.StringAttribute{
		Optional:    true,
		Description: RegionIDDescription(of),
		Validators:  []validator.String{RegionIDValidator},
	}
}

// ResourceRegionID is a resource's region_id: the provider's region when
// null, kept from then on; setting another one replaces the resource.
func ResourceRegionID(of string) rschema.StringAttribute {
	return rschema.StringAttribute{
		Optional: true,
		Computed: true,
		Description: RegionIDDescription(of) + " Changing `region_id` replaces the resource, but a later change of " +
			"the provider's `region` does not.",
		Validators:    []validator.String{RegionIDValidator},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
	}
}

// InstanceIDDescription describes instance_id; role says what the server
// is to the type, e.g. " the command ran on".
func InstanceIDDescription(role string) string {
	return "The ID of the simple application server" + role + "."
}

// DataSourceInstanceID is a data source's instance_id.
func DataSourceInstanceID(role string) dschema.StringAttribute {
	return dschema.StringAttribute{
		Required:    true,
		Description: InstanceIDDescription(role),
		Validators:  []validator.String{InstanceIDValidator},
	}
}

// ShellScript is the command type of Linux servers, the default.
const ShellScript = "RunShellScript"

// CommandTypes are the languages of a command's script.
var CommandTypes = []string{ShellScript, "RunBatScript", "RunPowerShellScript"}

// CommandTypeNames lists CommandTypes for descriptions.
const CommandTypeNames = "`RunShellScript` (Linux servers), `RunBatScript` or `RunPowerShellScript` (Windows servers)"

// ResourceCommandType is a resource's type of script, ShellScript unless
// set; note ends its description.
func ResourceCommandType(note string) rschema.StringAttribute {
	return rschema.StringAttribute{
		Optional:      true,
		Computed:      true,
		Default:       stringdefault.StaticString(ShellScript),
		Description:   "The language of the script: " + CommandTypeNames + ". Defaults to `" + ShellScript + "`." + note,
		Validators:    []validator.String{stringvalidator.OneOf(CommandTypes...)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// Triggers is a resource's triggers: values whose change runs its command
// again.
func Triggers() rschema.MapAttribute {
	return rschema.MapAttribute{
		Optional:    true,
		ElementType: types.StringType,
		Description: "Arbitrary values whose change runs the command again (by replacing the resource), as with " +
			"`terraform_data`'s `triggers_replace`, e.g. a release version or a file's hash.",
		PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
	}
}

// DataSourceString is a data source's string result.
func DataSourceString(description string) dschema.StringAttribute {
	return dschema.StringAttribute{Computed: true, Description: description}
}

// ComputedString is a resource's result that stays as it is until the
// resource is replaced.
func ComputedString(description string) rschema.StringAttribute {
	return rschema.StringAttribute{
		Computed:      true,
		Description:   description,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// ShowOutputOnFailure is show_output_on_failure, which says whether a
// require_success error quotes what of the output, in a resource whose
// store_output keeps it out of the state.
func ShowOutputOnFailure(what string) rschema.BoolAttribute {
	return rschema.BoolAttribute{
		Optional: true,
		Description: "Whether a `require_success` error shows the last lines of " + what + ". Defaults to " +
			"`store_output`: shown when it is stored in the state anyway, and not when `store_output = false` keeps " +
			"it out, since errors end up on screens and in CI logs; the error then says where to read it. Changing " +
			"it runs nothing.",
	}
}

// StringOrNull is s, or null when s is empty, as an optional string the
// API leaves out is.
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// QuoteParameters tells, in the description of every parameters argument,
// when a value needs provider::swas::shell_quote: Cloud Assistant
// substitutes it into the script as plain text.
const QuoteParameters = " Cloud Assistant puts each value in place of its placeholder as plain text, so in a shell " +
	"script a value holding a quote, `;`, `$(...)` or a line break runs as shell. Pass a value the script does " +
	"not control through `provider::swas::shell_quote` and leave its placeholder bare: " +
	"`{ name = provider::swas::shell_quote(var.name) }` for `echo {{name}}` (Terraform 1.8 or OpenTofu 1.7 or later)."
