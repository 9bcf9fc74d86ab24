// Package runcommand holds swas_run_command, which runs a command on one
// server (RunCommand) and waits for its result: waiting for the server's
// agent first, running again a run that never started, keeping secrets out
// of the state, and importing a run.
package runcommand

import (
	"fmt"

	rtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// defaultName names a run in the console's command history unless name
// does.
const defaultName = "swas_run_command"

// runCommandModel is the resource swas_run_command.
type runCommandModel struct {
	ID         types.String `tfsdk:"id"`
	RegionID   types.String `tfsdk:"region_id"`
	InstanceID types.String `tfsdk:"instance_id"`
	// command_content, parameters and their write-only twins.
	scriptArguments
	Type                  types.String    `tfsdk:"type"`
	Name                  types.String    `tfsdk:"name"`
	Timeout               types.Int64     `tfsdk:"timeout"`
	WorkingDir            types.String    `tfsdk:"working_dir"`
	WorkingUser           types.String    `tfsdk:"working_user"`
	EnableParameter       types.Bool      `tfsdk:"enable_parameter"`
	WindowsPasswordName   types.String    `tfsdk:"windows_password_name"`
	Triggers              types.Map       `tfsdk:"triggers"`
	WaitForCompletion     types.Bool      `tfsdk:"wait_for_completion"`
	RequireSuccess        types.Bool      `tfsdk:"require_success"`
	StoreOutput           types.Bool      `tfsdk:"store_output"`
	ShowOutputOnFailure   types.Bool      `tfsdk:"show_output_on_failure"`
	WaitForCloudAssistant types.Bool      `tfsdk:"wait_for_cloud_assistant"`
	Timeouts              rtimeouts.Value `tfsdk:"timeouts"`
	InvokeID              types.String    `tfsdk:"invoke_id"`
	framework.ResultFields
}

const runCommandDescription = "Runs a Cloud Assistant command on a Simple Application Server (the API's RunCommand) and, by " +
	"default, waits for its result, which it exposes like `swas_invocation_result`. With `require_success` " +
	"(the default) the apply fails unless the command succeeded, so resources that refer to this one run only " +
	"after it did.\n\n" +
	"The command runs when the resource is created, and again whenever an argument or `triggers` changes, " +
	"which replaces the resource; `wait_for_completion`, `require_success` and `timeouts` change in place " +
	"without running it. A refresh only reads the result of the run already made, and stops reading once it " +
	"is final. Results are kept by the API for two weeks: after that a refresh warns and keeps the last " +
	"result read, without running the command again.\n\n" +
	"When the command does not succeed, or the wait ends before it finished, the apply fails but the run is " +
	"saved with its `invoke_id` and the result read so far: OpenTofu and Terraform mark the resource tainted, " +
	"so the next plan shows a replacement, which runs the command again. `untaint` it to keep that run " +
	"instead. RunCommand is not idempotent: it is retried only when the API throttled it or could not be " +
	"reached at all, and after any other failure the apply fails, with a warning when the command may have " +
	"started anyway.\n\n" +
	"SWAS has no API to stop or undo a command: destroying the resource only removes it from the state, and " +
	"a command still running runs on until it ends or reaches its `timeout`. Import with " +
	"`<instance_id>:<invoke_id>` (region from the provider) or `<region>:<instance_id>:<invoke_id>`."

// runCommandSchema is swas_run_command's schema. Every argument that shapes
// the command runs it again when it changes, by replacing the resource;
// those about what the apply does with the run change in place.
func runCommandSchema() rschema.Schema {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	// A result stays as it is until the command runs again, but for the
	// output that store_output keeps out of the state.
	output := func(description string) rschema.StringAttribute {
		return rschema.StringAttribute{
			Computed: true, Sensitive: true, Description: description + " Sensitive; null when `store_output` is `false`.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), outputNotStored{}},
		}
	}
	return rschema.Schema{
		Description: runCommandDescription,
		Attributes: map[string]rschema.Attribute{
			"id":        framework.ComputedString("`<instance_id>:<invoke_id>`."),
			"invoke_id": framework.ComputedString("The ID of the command's execution that RunCommand returned, e.g. `t-bj02prjhw1n1234`."),
			"region_id": framework.ResourceRegionID("the server"),
			"instance_id": rschema.StringAttribute{
				Required:      true,
				Description:   framework.InstanceIDDescription(" to run the command on; it must be running"),
				Validators:    []validator.String{framework.InstanceIDValidator},
				PlanModifiers: replace,
			},
			"triggers": framework.Triggers(),

			// The command itself.
			"command_content": rschema.StringAttribute{
				Optional:  true,
				Computed:  true,
				Sensitive: true,
				Description: fmt.Sprintf("The script to run, as plain text (the API takes it as is), at most %d bytes: "+
					"with its parameters, at most 16 KB once base64-encoded (RunCommand's limit). With `enable_parameter`, "+
					"`{{name}}` placeholders are filled from `parameters`. Sensitive, so hidden in plans, but stored in the "+
					"state: to keep a secret script out of it, set `command_content_wo` instead. Exactly one of the two "+
					"must be set, but for an imported run: left out, it keeps the script the import recovered until the "+
					"command runs again.", framework.MaxCommandBytes),
				Validators:    []validator.String{stringvalidator.LengthBetween(1, framework.MaxCommandBytes)},
				PlanModifiers: []planmodifier.String{framework.KeptWhenImported{Twin: "command_content_wo"}, runsAgainUnlessMoved},
			},
			"type": framework.ResourceCommandType(""),
			"name": rschema.StringAttribute{
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString(defaultName),
				Description:   "The name of the command, shown in the console's command history. Defaults to `" + defaultName + "`.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: replace,
			},
			"enable_parameter": rschema.BoolAttribute{
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				Description:   "Whether `{{name}}` placeholders in `command_content` are custom parameters. Defaults to `false`.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"parameters": rschema.MapAttribute{
				Optional:    true,
				Computed:    true,
				Sensitive:   true,
				ElementType: types.StringType,
				Description: "The values of the custom parameters, e.g. `{ name = \"Jack\" }` for `echo {{name}}`; " +
					"needs `enable_parameter = true`. At most 20, with names of letters, digits, `_` and `-` up to 64 " +
					"characters. Sensitive, so hidden in plans, but stored in the state: to keep them out of it, set " +
					"`parameters_wo` instead. Left out of the configuration of an imported run, they keep the parameters " +
					"the import recovered until the command runs again." + framework.QuoteParameters,
				Validators:    framework.ParameterValidators(swasclient.MaxRunCommandParameters),
				PlanModifiers: []planmodifier.Map{framework.KeptWhenImported{Twin: "parameters_wo"}, runsAgainUnlessMoved},
			},

			// Kept out of plans and the state.
			"command_content_wo": rschema.StringAttribute{
				Optional:  true,
				WriteOnly: true,
				Sensitive: true,
				Description: "The script to run, like `command_content`, but write-only: it is sent to the API and " +
					"never stored in a plan or the state, so it may come from an ephemeral resource. Since it cannot be " +
					"compared with the last run, changing it runs nothing: change `command_content_wo_version` to run the " +
					"command again. Exactly one of `command_content` and `command_content_wo` must be set." + framework.WriteOnlyNeeds,
				Validators: []validator.String{stringvalidator.LengthBetween(1, framework.MaxCommandBytes)},
			},
			"parameters_wo": rschema.MapAttribute{
				Optional:    true,
				WriteOnly:   true,
				Sensitive:   true,
				ElementType: types.StringType,
				Description: "The values of the custom parameters, like `parameters`, but write-only: never stored in a " +
					"plan or the state. Changing them runs nothing: change `command_content_wo_version` to run the command " +
					"again. At most one of `parameters` and `parameters_wo` may be set." + framework.QuoteParameters +
					framework.WriteOnlyNeeds,
				Validators: framework.ParameterValidators(swasclient.MaxRunCommandParameters),
			},
			"command_content_wo_version": rschema.Int64Attribute{
				Optional: true,
				Description: "Any number, to change whenever `command_content_wo` or `parameters_wo` change: a change " +
					"runs the command again (by replacing the resource), since write-only values cannot be compared with " +
					"those of the last run. Needs `command_content_wo` or `parameters_wo`.",
				PlanModifiers: []planmodifier.Int64{runsAgainUnlessMoved},
			},

			// How the command runs on the server.
			"timeout": rschema.Int64Attribute{
				Optional: true,
				Description: "How long the command may run on the server, in seconds (10 to 86400), before Cloud " +
					"Assistant stops it and the status becomes `Timeout`. The API's default is 60.",
				Validators:    []validator.Int64{int64validator.Between(10, 86400)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"working_dir": rschema.StringAttribute{
				Optional: true,
				Description: "The directory the command runs in. The API's default is `/root` on Linux and " +
					"`C:\\Windows\\system32` on Windows.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: replace,
			},
			"working_user": rschema.StringAttribute{
				Optional: true,
				Description: "The user the command runs as on the server. The API's default is `root` on Linux and " +
					"`system` on Windows; a regular user is safer.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: replace,
			},
			"windows_password_name": rschema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The name, in CloudOps Orchestration Service's parameter store, of the password of " +
					"`working_user` on a Windows server; needs `working_user` and a Windows `type`.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: replace,
			},

			// What the apply does with the run; changing it runs nothing.
			"wait_for_cloud_assistant": rschema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "Before RunCommand, wait within `timeouts.create` until the server's Cloud Assistant agent " +
					"is online, as on a server just created, started or rebooted. With `wait_for_completion`, a run that " +
					"ends without having started because the agent could not take it (error code `ClientNotRunning`, " +
					"`ClientNotResponse`, `ClientIsUpgrading`, `DeliveryTimeout` or `InstanceNotRunning`) is run again, " +
					fmt.Sprintf("at most %d runs in all, with a warning listing each run's invoke id; ", maxRuns) +
					"a run that started is never repeated. When `false`, RunCommand is called at once and a run that " +
					"did not start fails like any other. Changing it runs nothing. Defaults to `true`.",
			},
			"wait_for_completion": rschema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "Wait, within `timeouts.create`, until the command reaches a final status, and fill the " +
					"result attributes. When `false` the apply ends once the command is started; the result attributes " +
					"stay null until a refresh reads them, and `require_success` must be `false`. Defaults to `true`.",
			},
			"require_success": rschema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "Fail the apply unless `invocation_status` is `Success`; the error gives the status, exit " +
					"code, error code and information, and the last lines of output unless it is kept out of the state " +
					"(`show_output_on_failure`). The run is still saved in the state, tainted, so that the next apply " +
					"runs the command again. Only the run at create time is checked. Defaults to `true`.",
			},
			"store_output": rschema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "Whether `output` and `output_base64` are stored in the state. Set `false` for a command " +
					"that prints a secret: they are then null, while the status, exit code and error fields are kept, " +
					"and a `require_success` error does not show the output either (see `show_output_on_failure`). Read " +
					"the output with the `swas_invocation_result` ephemeral resource instead. Turning it back to `true` " +
					"takes effect at the next run. Defaults to `true`.",
			},
			"show_output_on_failure": framework.ShowOutputOnFailure("the output"),

			// The result, as swas_invocation_result reads it.
			"request_id":           framework.ComputedString(framework.Result.RequestID),
			"invocation_status":    framework.ComputedString(framework.Result.InvocationStatus),
			"invoke_record_status": framework.ComputedString(framework.Result.InvokeRecordStatus),
			"exit_code": rschema.Int64Attribute{
				Computed:      true,
				Description:   framework.Result.ExitCode,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"error_code":    framework.ComputedString(framework.Result.ErrorCode),
			"error_info":    framework.ComputedString(framework.Result.ErrorInfo),
			"start_time":    framework.ComputedString(framework.Result.StartTime),
			"finished_time": framework.ComputedString(framework.Result.FinishedTime),
			"invoke_user":   framework.ComputedString(framework.Result.InvokeUser),
			"output":        output(framework.Result.Output),
			"output_base64": output(framework.Result.OutputBase64),
		},
		Blocks: map[string]rschema.Block{
			// There is no delete limit: destroying calls no API.
			"timeouts": framework.ResourceTimeouts("Time limits of running the command and of reading its result.", map[string]string{
				"create": "How long starting the command and waiting for it may take, as a duration such as `30m`. " +
					framework.RunTimeoutDefault,
				"read": framework.RefreshLimit,
			}),
		},
	}
}
