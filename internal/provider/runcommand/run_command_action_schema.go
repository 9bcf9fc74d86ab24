package runcommand

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// runCommandActionModel is the action swas_run_command.
type runCommandActionModel struct {
	RegionID         types.String `tfsdk:"region_id"`
	InstanceIDs      types.Set    `tfsdk:"instance_ids"`
	CommandContent   types.String `tfsdk:"command_content"`
	CommandContentWO types.String `tfsdk:"command_content_wo"`
	CommandID        types.String `tfsdk:"command_id"`
	Type             types.String `tfsdk:"type"`
	Name             types.String `tfsdk:"name"`
	Timeout          types.Int64  `tfsdk:"timeout"`
	WorkingDir       types.String `tfsdk:"working_dir"`
	EnableParameter  types.Bool   `tfsdk:"enable_parameter"`
	Parameters       types.Map    `tfsdk:"parameters"`
	ParametersWO     types.Map    `tfsdk:"parameters_wo"`
	WaitTimeout      types.String `tfsdk:"wait_timeout"`
	RequireSuccess   types.Bool   `tfsdk:"require_success"`
	SecretOutput     types.Bool   `tfsdk:"secret_output"`
}

const runCommandActionDescription = "Runs a command on one Simple Application Server or up to %d, as an action: from " +
	"`lifecycle { action_trigger { ... } }` on a resource (say `after_create` on the server's resource) or from " +
	"`terraform apply -invoke=action.swas_run_command.<name>`. The command is an inline script " +
	"(`command_content` or the write-only `command_content_wo`, run with RunCommand on each server) or a saved " +
	"command (`command_id`, run with one InvokeCommand on them all). The action waits for each server's Cloud " +
	"Assistant agent, then for the command, within `wait_timeout`, and reports progress as it waits: each " +
	"server's status and, on one server, the last lines of output as they grow. Unless `require_success = false`, " +
	"a run that did not succeed fails the apply with each failing server's status, exit code and last lines of " +
	"output; `secret_output = true` keeps the output out of progress and errors.\n\n" +
	"Limits: 1 to 50 servers; a script and its parameters at most 16 KB once base64-encoded (RunCommand's " +
	"limit, which the API checks when the action runs), and at most 20 parameters (10 for a saved command); " +
	"progress for several servers shows their statuses, not their output. A script runs on the servers one " +
	"RunCommand after another, and the action then waits for them all at once.\n\n" +
	"An action stores nothing: it cannot return the output or the invoke ids to the configuration, and runs " +
	"every time it is triggered or invoked. Choose the `swas_run_command` resource when the configuration needs " +
	"the result, or the command must run only when its arguments change. Actions need Terraform 1.14 or later; " +
	"OpenTofu does not support `action` blocks yet, so a configuration that declares one does not load there."

func runCommandActionSchema() aschema.Schema {
	inline := func(description string) string {
		return description + " Inline scripts only: not with `command_id`."
	}
	return aschema.Schema{
		Description: fmt.Sprintf(runCommandActionDescription, swasclient.MaxInvokeInstances),
		Attributes: map[string]aschema.Attribute{
			"region_id": aschema.StringAttribute{
				Optional: true, Description: framework.RegionIDDescription("the servers"),
				Validators: []validator.String{framework.RegionIDValidator},
			},
			"instance_ids": aschema.SetAttribute{
				Required: true, ElementType: types.StringType,
				Description: fmt.Sprintf("The IDs of the servers to run the command on, 1 to %d, all running.", swasclient.MaxInvokeInstances),
				Validators: []validator.Set{setvalidator.SizeBetween(1, swasclient.MaxInvokeInstances),
					setvalidator.ValueStringsAre(framework.InstanceIDValidator)},
			},
			"command_content": aschema.StringAttribute{
				Optional: true,
				Description: "The script to run, as plain text. Exactly one of `command_content`, `command_content_wo` " +
					"and `command_id` must be set. An action's arguments are not stored, but a plan may show them: put " +
					"a script that holds a secret in `command_content_wo`.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, framework.MaxCommandBytes)},
			},
			"command_content_wo": aschema.StringAttribute{
				Optional: true, WriteOnly: true,
				Description: "The script to run, like `command_content`, but write-only: never shown in a plan, so it " +
					"may come from an ephemeral resource.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, framework.MaxCommandBytes)},
			},
			"command_id": aschema.StringAttribute{
				Optional:    true,
				Description: "The ID of a saved command (`swas_command`) to run instead of a script.",
				Validators:  []validator.String{framework.CommandIDValidator},
			},
			"type": aschema.StringAttribute{
				Optional:    true,
				Description: inline("The language of the script: " + framework.CommandTypeNames + ". Defaults to `" + framework.ShellScript + "`."),
				Validators:  []validator.String{stringvalidator.OneOf(framework.CommandTypes...)},
			},
			"name": aschema.StringAttribute{
				Optional:    true,
				Description: inline("The name of the run, as the console's command history shows it. Defaults to `" + defaultName + "`."),
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"timeout": aschema.Int64Attribute{
				Optional:    true,
				Description: inline("How long the command may run on a server, in seconds; the API's default is 60."),
			},
			"working_dir": aschema.StringAttribute{
				Optional:    true,
				Description: inline("The directory the command runs in."),
			},
			"enable_parameter": aschema.BoolAttribute{
				Optional:    true,
				Description: inline("Whether `{{name}}` placeholders in the script are custom parameters. Defaults to `false`."),
			},
			"parameters": aschema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				Description: "The values of the custom parameters: of the script with `enable_parameter = true` (at most " +
					"20), or of the saved command (at most 10). At most one of `parameters` and `parameters_wo` may be set." +
					framework.QuoteParameters,
				Validators: framework.ParameterValidators(swasclient.MaxRunCommandParameters),
			},
			"parameters_wo": aschema.MapAttribute{
				Optional: true, WriteOnly: true, ElementType: types.StringType,
				Description: "The values of the custom parameters, like `parameters`, but write-only: never shown in a plan.",
				Validators:  framework.ParameterValidators(swasclient.MaxRunCommandParameters),
			},
			"wait_timeout": aschema.StringAttribute{
				Optional: true,
				Description: "How long waiting for the agents and the command may take, as a duration such as `15m`. " +
					"Defaults to the command's `timeout` plus 5 minutes, and at least 10 minutes. SWAS cannot stop a " +
					"command: one still running then runs on, and the apply fails.",
			},
			"require_success": aschema.BoolAttribute{
				Optional: true,
				Description: "Fail the apply unless the command's status is `Success` on every server, with each " +
					"failing server's status, exit code and last lines of output. Defaults to `true`.",
			},
			"secret_output": aschema.BoolAttribute{
				Optional: true,
				Description: "Whether the output holds a secret: it is then never quoted, in progress or in errors. " +
					"Defaults to `false`.",
			},
		},
	}
}
