package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// maxFleet is how many servers one InvokeCommand may name.
const maxFleet = swasclient.MaxInvokeInstances

type commandInvocationModel struct {
	ID          types.String `tfsdk:"id"`
	RegionID    types.String `tfsdk:"region_id"`
	CommandID   types.String `tfsdk:"command_id"`
	InstanceIDs types.Set    `tfsdk:"instance_ids"`
	Parameters  types.Map    `tfsdk:"parameters"`
	commandInvocationWriteOnly
	Username         types.String   `tfsdk:"username"`
	Triggers         types.Map      `tfsdk:"triggers"`
	RequireSuccess   types.Bool     `tfsdk:"require_success"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
	InvokeID         types.String   `tfsdk:"invoke_id"`
	InvocationStatus types.String   `tfsdk:"invocation_status"`
	Results          types.Map      `tfsdk:"results"`
}

const commandInvocationDescription = "Runs a saved command (`swas_command`) on a fleet of Simple Application Servers " +
	"at once (the API's InvokeCommand) and waits, within `timeouts.create`, until every server has finished, " +
	"reading all their results with one DescribeCommandInvocations request a poll, however many servers there are. " +
	"`results` holds each server's status, exit code, error and output, keyed by instance id.\n\n" +
	"The command runs when the resource is created, and again, on every server of the set, under a new " +
	"`invoke_id`, whenever `command_id`, `instance_ids`, `parameters`, `username` or `triggers` change: adding a " +
	"server to `instance_ids` runs the command on the whole new set, and removing one runs it on the servers " +
	"left (the removed server's result leaves `results`). Deployment scripts should therefore be safe to repeat. " +
	"`require_success` and `timeouts` change in place without running anything.\n\n" +
	"With `require_success` (the default) the apply fails unless every server succeeded; the error lists each " +
	"failed server with its status, exit code and last lines of output, and the servers that succeeded. The run " +
	"is saved in the state as soon as it started, so a failure leaves it there, tainted: the next apply runs the " +
	"command again, or `untaint` keeps this run. InvokeCommand is not idempotent: it is retried only when the API " +
	"throttled it or could not be reached at all. SWAS has no API to stop a command: destroying the resource only " +
	"removes it from the state."

func (r *commandInvocationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Description: commandInvocationDescription, Attributes: map[string]schema.Attribute{
		"id":                computedString("The `invoke_id`."),
		"invoke_id":         computedString("The ID of the execution that InvokeCommand returned, one for every server, e.g. `t-hz02p9545t6abcd`."),
		"invocation_status": computedString("The status of the execution across the servers, as the API reports it: `Pending`, `Running`, `Stopping`, then `Success`, `Failed`, `Stopped` or `PartialFailed`."),
		"region_id": schema.StringAttribute{
			Optional: true, Computed: true,
			Description:   "The region of the servers and the command. Defaults to the provider's `region`; one of the two must be set.",
			Validators:    []validator.String{regionIDValidator},
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
		},
		"command_id": schema.StringAttribute{
			Required:      true,
			Description:   "The ID of the saved command to run, e.g. `swas_command.deploy.id`.",
			Validators:    []validator.String{commandIDValidator},
			PlanModifiers: replaceString,
		},
		"instance_ids": schema.SetAttribute{
			Required: true, ElementType: types.StringType,
			Description: fmt.Sprintf("The IDs of the servers to run the command on, 1 to %d, all running. Any change "+
				"runs the command again on every server of the new set.", maxFleet),
			Validators: []validator.Set{setvalidator.SizeBetween(1, maxFleet),
				setvalidator.ValueStringsAre(instanceIDValidator)},
			PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
		},
		"parameters": schema.MapAttribute{
			Optional: true, Sensitive: true, ElementType: types.StringType,
			Description: fmt.Sprintf("The values of the saved command's custom parameters, e.g. "+
				"`{ version = \"1.4.2\" }` for `deploy {{version}}`. At most %d (InvokeCommand's limit; RunCommand "+
				"takes %d), and with the command's script at most %d KB once base64-encoded. Sensitive, so hidden in "+
				"plans, but stored in the state: to keep them out of it, set `parameters_wo` instead.",
				swasclient.MaxInvokeCommandParameters, swasclient.MaxRunCommandParameters, swasclient.MaxInvokeCommandBytes/1024),
			Validators:    invokeParameterValidators,
			PlanModifiers: []planmodifier.Map{fleetParametersRunAgain},
		},
		"username": schema.StringAttribute{
			Optional: true,
			Description: fmt.Sprintf("The user the command runs as on the servers, at most %d characters; the "+
				"API's default is `root`, and a regular user is safer. Linux servers only: the API reference allows "+
				"changing the user on Linux servers alone, and runs commands on Windows servers as `system`.",
				swasclient.MaxInvokeUsername),
			Validators:    []validator.String{stringvalidator.UTF8LengthBetween(1, swasclient.MaxInvokeUsername)},
			PlanModifiers: replaceString,
		},
		"triggers": schema.MapAttribute{
			Optional: true, ElementType: types.StringType,
			Description:   "Arbitrary values whose change runs the command again, e.g. a release version or a file's hash.",
			PlanModifiers: replaceMap,
		},
		"require_success": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			Description: "Fail the apply unless every server's status is `Success`. The run is still saved in the " +
				"state, tainted, with every server's result. Defaults to `true`.",
		},
		"results":                commandResultsAttribute(),
		"store_output":           fleetStoreOutput(),
		"show_output_on_failure": showOutputOnFailure("each server's output"),
		"parameters_wo":          fleetParametersWO(),
		"parameters_wo_version":  fleetParametersWOVersion(),
	}, Blocks: map[string]schema.Block{"timeouts": commandInvocationTimeouts(ctx)}}
}

func commandResultsAttribute() schema.Attribute {
	text := func(description string) schema.Attribute {
		return schema.StringAttribute{Computed: true, Description: description}
	}
	sensitiveText := func(description string) schema.Attribute {
		return schema.StringAttribute{Computed: true, Sensitive: true, Description: description}
	}
	return schema.MapNestedAttribute{
		Computed: true,
		Description: "Each server's result, keyed by instance id; null until the first read after the command " +
			"started. A refresh reads them again only while some server has not finished.",
		PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown(), resultsNotStored{}},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"invocation_status": text("The server's status, as `swas_invocation_result`'s `invocation_status`: " +
				"`Pending`, `Running`, `Stopping`, then `Success`, `Failed`, `Error`, `Timeout`, `Cancelled`, " +
				"`Terminated`, `Invalid` or `Aborted`."),
			"exit_code": schema.Int64Attribute{Computed: true, Description: "The exit code of the command on this server; null when the API gives none."},
			"error_code": text("Why the command could not be sent or did not succeed on this server, e.g. " +
				"`ExitCodeNonzero`; empty when it ran normally."),
			"error_info":  text("The error message that goes with `error_code`."),
			"start_time":  text("When the command started on this server, e.g. `2022-07-11T06:37:16Z`; empty while pending."),
			"finish_time": text("When the command ended on this server; empty while it runs."),
			"output": sensitiveText("The command's output on this server as text, decoded from `output_base64`. " +
				"Bytes that are not UTF-8, such as a character split where the API cut a long output, are replaced " +
				"with U+FFFD, with a warning; null, with a warning, when the output is not valid base64. Sensitive; " +
				"null when `store_output` is `false`."),
			"output_base64": sensitiveText("The command's output on this server, base64-encoded: as the API returns " +
				"it, or encoded by the provider when the API returns plain text, since SWAS does not document which it " +
				"returns. Sensitive; null when `store_output` is `false`."),
		}},
	}
}

// commandInvocationTimeouts is `timeouts { create = "...", read = "..." }`.
func commandInvocationTimeouts(ctx context.Context) schema.Block {
	return resourceTimeouts(ctx, "Time limits of running the command and of reading its results.", timeouts.Opts{
		Create: true,
		Read:   true,
		CreateDescription: fmt.Sprintf("How long starting the command and waiting for every server may take, as a "+
			"duration such as `30m`. Defaults to `%s`: raise it for commands whose `timeout` is longer.", minCreateTimeout),
		ReadDescription: fmt.Sprintf("How long a refresh of a command still running may take, retries included. "+
			"Defaults to `%s`.", defaultReadTimeout),
	})
}
