package fleet

import (
	"fmt"

	rtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// MaxFleetInstances is the ceiling of instance_ids: 20 batches of 50. A
// rollout costs an InvokeCommand a batch and a read a running batch a
// poll; at the lowest rate SWAS documents for any of its APIs, 10 calls
// a minute, 20 InvokeCommands take two minutes, which is as long as a
// rollout should wait for its starts alone. The state keeps every
// server's result with its output: a thousand of them keep the state in
// the megabytes that OpenTofu and Terraform read and write on every
// operation without strain. A larger fleet is better split by for_each
// over groups of servers, which also lets them be planned apart.
const MaxFleetInstances = 20 * swasclient.MaxInvokeInstances

// commandInvocationModel is the resource swas_command_invocation.
type commandInvocationModel struct {
	ID          types.String `tfsdk:"id"`
	RegionID    types.String `tfsdk:"region_id"`
	CommandID   types.String `tfsdk:"command_id"`
	InstanceIDs types.Set    `tfsdk:"instance_ids"`
	// parameters, stored or write-only, and the version.
	parameterArguments
	Username            types.String    `tfsdk:"username"`
	Triggers            types.Map       `tfsdk:"triggers"`
	RequireSuccess      types.Bool      `tfsdk:"require_success"`
	StoreOutput         types.Bool      `tfsdk:"store_output"`
	ShowOutputOnFailure types.Bool      `tfsdk:"show_output_on_failure"`
	Timeouts            rtimeouts.Value `tfsdk:"timeouts"`
	MaxConcurrency      types.String    `tfsdk:"max_concurrency"`
	MaxErrors           types.String    `tfsdk:"max_errors"`
	InvokeID            types.String    `tfsdk:"invoke_id"`
	InvokeIDs           types.List      `tfsdk:"invoke_ids"`
	InvocationStatus    types.String    `tfsdk:"invocation_status"`
	// Results holds an instanceResultModel by instance id.
	Results types.Map `tfsdk:"results"`
}

const commandInvocationDescription = "Runs a saved command (`swas_command`) on a fleet of Simple Application Servers " +
	"(the API's InvokeCommand) and waits, within `timeouts.create`, until every server has finished, " +
	"reading each batch's results with one DescribeCommandInvocations request a poll, however many servers it has. " +
	"`results` holds each server's status, exit code, error and output, keyed by instance id.\n\n" +
	"Up to 1000 servers run in batches of at most 50 (InvokeCommand's limit), one invoke id each (`invoke_ids`), " +
	"`max_concurrency` servers at a time, and no further batch starts once more than `max_errors` have failed.\n\n" +
	"The command runs when the resource is created, and again, on every server of the set, " +
	"whenever `command_id`, `instance_ids`, `parameters`, `username` or `triggers` change: adding a " +
	"server to `instance_ids` runs the command on the whole new set, and removing one runs it on the servers " +
	"left (the removed server's result leaves `results`). Deployment scripts should therefore be safe to repeat. " +
	"`require_success`, `max_concurrency`, `max_errors` and `timeouts` change in place without running anything.\n\n" +
	"With `require_success` (the default) the apply fails unless every server succeeded; the error lists each " +
	"failed server with its status, exit code and last lines of output, and the servers that succeeded. Each " +
	"batch is saved in the state as soon as it started, so a failure, a stopped rollout, a timeout or an interrupt " +
	"(Ctrl-C) leaves every batch that started there, with the results read so far, tainted: the next plan shows " +
	"the resource replaced, which runs the command again on every server of `instance_ids`, those that ran " +
	"included; `untaint` keeps this run instead, and the servers never started stay so. Nothing that ran is " +
	"run again without a plan that says so. InvokeCommand is not idempotent: it is retried only when the API " +
	"throttled it or could not be reached at all. SWAS has no API to stop a command: destroying the resource only " +
	"removes it from the state."

func commandInvocationSchema() rschema.Schema {
	text := func(description string) rschema.Attribute {
		return rschema.StringAttribute{Computed: true, Description: description}
	}
	secret := func(description string) rschema.Attribute {
		return rschema.StringAttribute{Computed: true, Sensitive: true, Description: description}
	}
	return rschema.Schema{
		Description: commandInvocationDescription,
		Attributes: map[string]rschema.Attribute{
			"id": framework.ComputedString("The `invoke_id`."),
			"invoke_id": framework.ComputedString("The ID of the first batch's execution, as InvokeCommand returned it, e.g. " +
				"`t-hz02p9545t6abcd`: the only one when at most 50 servers run at once."),
			"invoke_ids": rschema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				Description: "The ID of each batch's execution, in the order the batches started: one for every 50 " +
					"servers, or fewer as `max_concurrency` sets. Saved as each batch starts.",
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"invocation_status": framework.ComputedString("The status of the execution across the servers that started: " +
				"`Pending`, `Running`, `Stopping`, then `Success`, `Failed`, `Stopped` or `PartialFailed`, as the API " +
				"reports it for one batch, and by the API's rules for one execution across several."),
			"max_concurrency": rschema.StringAttribute{
				Optional: true,
				Description: "How many servers run the command at once: a whole number, such as `10`, or a percentage of " +
					"`instance_ids`, such as `\"10%\"`, rounded up. A batch holds its share until all its servers have " +
					"ended; the next starts as soon as the share it needs is free. Unset, a batch of 50 (InvokeCommand's " +
					"limit) at a time. Changing it runs nothing.",
				Validators: []validator.String{shareValidator{least: 1, means: "the servers to run at once"}},
			},
			"max_errors": rschema.StringAttribute{
				Optional: true,
				Description: "How many servers may fail before no further batch starts: a whole number, such as `0` to " +
					"stop at the first failure, or a percentage of `instance_ids`, such as `\"10%\"`, rounded down. " +
					"Once more servers than that have failed (any status but `Success`), the batches under way run to " +
					"their end and the apply fails, naming the servers that failed and those never started. Unset, " +
					"every batch runs whatever fails. Changing it runs nothing.",
				Validators: []validator.String{shareValidator{least: 0, means: "the failures to tolerate"}},
			},
			"region_id": framework.ResourceRegionID("the servers and the command"),
			"command_id": rschema.StringAttribute{
				Required:      true,
				Description:   "The ID of the saved command to run, e.g. `swas_command.deploy.id`.",
				Validators:    []validator.String{framework.CommandIDValidator},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"instance_ids": rschema.SetAttribute{
				Required: true, ElementType: types.StringType,
				Description: fmt.Sprintf("The IDs of the servers to run the command on, 1 to %d, all running; "+
					"more than %d run in batches (see `max_concurrency`). Any change runs the command again on every "+
					"server of the new set.", MaxFleetInstances, swasclient.MaxInvokeInstances),
				Validators: []validator.Set{setvalidator.SizeBetween(1, MaxFleetInstances),
					setvalidator.ValueStringsAre(framework.InstanceIDValidator)},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
			},
			"parameters": rschema.MapAttribute{
				Optional: true, Computed: true, Sensitive: true, ElementType: types.StringType,
				Description: fmt.Sprintf("The values of the saved command's custom parameters, e.g. "+
					"`{ version = \"1.4.2\" }` for `deploy {{version}}`. At most %d (InvokeCommand's limit; RunCommand "+
					"takes %d), and with the command's script at most %d KB once base64-encoded. Sensitive, so hidden in "+
					"plans, but stored in the state: to keep them out of it, set `parameters_wo` instead. Left out of the "+
					"configuration of an imported run, they keep the parameters the import recovered until the command runs "+
					"again."+framework.QuoteParameters,
					swasclient.MaxInvokeCommandParameters, swasclient.MaxRunCommandParameters, swasclient.MaxInvokeCommandBytes/1024),
				Validators:    framework.ParameterValidators(swasclient.MaxInvokeCommandParameters),
				PlanModifiers: []planmodifier.Map{framework.KeptWhenImported{Twin: "parameters_wo"}, runsAgainUnlessMoved},
			},
			"parameters_wo": rschema.MapAttribute{
				Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType,
				Description: "The values of the saved command's custom parameters, like `parameters`, but write-only: never " +
					"stored in a plan or the state, so they may come from an ephemeral resource. Changing them runs nothing: " +
					"change `parameters_wo_version` to run the command again. At most one of `parameters` and " +
					"`parameters_wo` may be set." + framework.QuoteParameters + framework.WriteOnlyNeeds,
				Validators: framework.ParameterValidators(swasclient.MaxInvokeCommandParameters),
			},
			"parameters_wo_version": rschema.Int64Attribute{
				Optional: true,
				Description: "Any number, to change whenever `parameters_wo` changes: a change runs the command again on every " +
					"server (by replacing the resource), since write-only values cannot be compared with those of the last " +
					"run. Needs `parameters_wo`.",
				PlanModifiers: []planmodifier.Int64{runsAgainUnlessMoved},
			},
			"username": rschema.StringAttribute{
				Optional: true,
				Description: fmt.Sprintf("The user the command runs as on the servers, at most %d characters; the "+
					"API's default is `root`, and a regular user is safer. Linux servers only: the API reference allows "+
					"changing the user on Linux servers alone, and runs commands on Windows servers as `system`.",
					swasclient.MaxInvokeUsername),
				Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, swasclient.MaxInvokeUsername)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": framework.Triggers(),
			"require_success": rschema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: "Fail the apply unless every server's status is `Success`. The run is still saved in the " +
					"state, tainted, with every server's result. Defaults to `true`.",
			},
			"store_output": rschema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				Description: "Whether each server's `output` and `output_base64` in `results` are stored in the state. Set " +
					"`false` for a command that prints a secret: they are then null, while the statuses, exit codes and " +
					"errors are kept, and a `require_success` error does not show the outputs either (see " +
					"`show_output_on_failure`). Turning it back to `true` takes effect at the next run. Defaults to `true`.",
			},
			"show_output_on_failure": framework.ShowOutputOnFailure("each server's output"),
			"results": rschema.MapNestedAttribute{
				Computed: true,
				Description: "Each server's result, keyed by instance id; null until the first read after the command " +
					"started. A refresh reads them again only while some server has not finished.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown(), resultsNotStored{}},
				NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
					"invoke_id": text("The ID of the execution of the batch that ran the command on this server."),
					"invocation_status": text("The server's status, as `swas_invocation_result`'s `invocation_status`: " +
						"`Pending`, `Running`, `Stopping`, then `Success`, `Failed`, `Error`, `Timeout`, `Cancelled`, " +
						"`Terminated`, `Invalid` or `Aborted`."),
					"exit_code": rschema.Int64Attribute{Computed: true, Description: "The exit code of the command on this server; null when the API gives none."},
					"error_code": text("Why the command could not be sent or did not succeed on this server, e.g. " +
						"`ExitCodeNonzero`; empty when it ran normally."),
					"error_info":  text("The error message that goes with `error_code`."),
					"start_time":  text("When the command started on this server, e.g. `2022-07-11T06:37:16Z`; empty while pending."),
					"finish_time": text("When the command ended on this server; empty while it runs."),
					"output": secret("The command's output on this server as text, decoded from `output_base64`. " +
						"Bytes that are not UTF-8, such as a character split where the API cut a long output, are replaced " +
						"with U+FFFD, with a warning; null, with a warning, when the output is not valid base64. Sensitive; " +
						"null when `store_output` is `false`."),
					"output_base64": secret("The command's output on this server, base64-encoded: as the API returns " +
						"it, or encoded by the provider when the API returns plain text, since SWAS does not document which it " +
						"returns. Sensitive; null when `store_output` is `false`."),
				}},
			},
		},
		Blocks: map[string]rschema.Block{
			"timeouts": framework.ResourceTimeouts("Time limits of running the command and of reading its results.", map[string]string{
				"create": fmt.Sprintf("How long starting the command and waiting for every server may take, every "+
					"batch of a rollout included, as a duration such as `30m`. Defaults to `%s`: raise it for commands "+
					"whose `timeout` is longer, or for rollouts of several batches in turn.", framework.MinRunTimeout),
				"read": framework.RefreshLimit,
			}),
		},
	}
}
