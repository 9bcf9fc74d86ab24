package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const (
	defaultCommandName = "swas_run_command"
	shellScript        = "RunShellScript"
	// The default create timeout covers the command's own timeout, plus
	// createMargin for delivery and reporting, and is never below
	// minCreateTimeout.
	createMargin      = 5 * time.Minute
	minCreateTimeout  = 10 * time.Minute
	apiCommandTimeout = 60 * time.Second
)

var (
	commandTypes     = []string{shellScript, "RunBatScript", "RunPowerShellScript"}
	parameterPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

type runCommandModel struct {
	ID                      types.String   `tfsdk:"id"`
	RegionID                types.String   `tfsdk:"region_id"`
	InstanceID              types.String   `tfsdk:"instance_id"`
	CommandContent          types.String   `tfsdk:"command_content"`
	CommandContentWO        types.String   `tfsdk:"command_content_wo"`
	CommandContentWOVersion types.Int64    `tfsdk:"command_content_wo_version"`
	Type                    types.String   `tfsdk:"type"`
	Name                    types.String   `tfsdk:"name"`
	Timeout                 types.Int64    `tfsdk:"timeout"`
	WorkingDir              types.String   `tfsdk:"working_dir"`
	WorkingUser             types.String   `tfsdk:"working_user"`
	EnableParameter         types.Bool     `tfsdk:"enable_parameter"`
	Parameters              types.Map      `tfsdk:"parameters"`
	ParametersWO            types.Map      `tfsdk:"parameters_wo"`
	WindowsPasswordName     types.String   `tfsdk:"windows_password_name"`
	Triggers                types.Map      `tfsdk:"triggers"`
	WaitForCompletion       types.Bool     `tfsdk:"wait_for_completion"`
	RequireSuccess          types.Bool     `tfsdk:"require_success"`
	StoreOutput             types.Bool     `tfsdk:"store_output"`
	ShowOutputOnFailure     types.Bool     `tfsdk:"show_output_on_failure"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`
	InvokeID                types.String   `tfsdk:"invoke_id"`
	runCommandAgentSettings
	invocationResultFields
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

func (r *runCommandResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attributes := map[string]schema.Attribute{
		"id":        computedString("`<instance_id>:<invoke_id>`."),
		"invoke_id": computedString("The ID of the command's execution that RunCommand returned, e.g. `t-bj02prjhw1n1234`."),
	}
	maps.Copy(attributes, runCommandTarget())
	maps.Copy(attributes, runCommandScript())
	maps.Copy(attributes, runCommandWriteOnly())
	maps.Copy(attributes, runCommandEnvironment())
	maps.Copy(attributes, runCommandBehaviour())
	maps.Copy(attributes, runCommandAgent())
	maps.Copy(attributes, invocationResultAttributes(computedString, func(description string) schema.Attribute {
		return schema.Int64Attribute{
			Computed:      true,
			Description:   description,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		}
	}))
	storedOutput(attributes)
	resp.Schema = schema.Schema{
		Description: runCommandDescription,
		Attributes:  attributes,
		Blocks:      map[string]schema.Block{"timeouts": runCommandTimeouts(ctx)},
	}
}

// Every argument that shapes the command runs it again when it changes.
var (
	replaceString = []planmodifier.String{stringplanmodifier.RequiresReplace()}
	replaceMap    = []planmodifier.Map{mapplanmodifier.RequiresReplace()}
)

// computedString is a result that stays as it is until the command runs again.
func computedString(description string) schema.Attribute {
	return schema.StringAttribute{
		Computed:      true,
		Description:   description,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// runCommandTarget is where the command runs, and what runs it again.
func runCommandTarget() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"region_id": schema.StringAttribute{
			Optional: true,
			Computed: true,
			Description: "The region of the server, e.g. `cn-hangzhou`. Defaults to the provider's `region`; " +
				"one of the two must be set. A later change of the provider's region does not run the command again.",
			Validators:    []validator.String{regionIDValidator},
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
		},
		"instance_id": schema.StringAttribute{
			Required:      true,
			Description:   "The ID of the simple application server to run the command on; it must be running.",
			Validators:    []validator.String{instanceIDValidator},
			PlanModifiers: replaceString,
		},
		"triggers": schema.MapAttribute{
			Optional:      true,
			ElementType:   types.StringType,
			Description:   "Arbitrary values whose change runs the command again (by replacing the resource), as with `terraform_data`'s `triggers_replace`, e.g. a release version or a file's hash.",
			PlanModifiers: replaceMap,
		},
	}
}

// runCommandScript is the command itself.
func runCommandScript() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"command_content": schema.StringAttribute{
			Optional:  true,
			Computed:  true,
			Sensitive: true,
			Description: fmt.Sprintf("The script to run, as plain text (the API takes it as is), at most %d bytes: "+
				"with its parameters, at most 16 KB once base64-encoded (RunCommand's limit). With `enable_parameter`, `{{name}}` placeholders are filled from `parameters`. Sensitive, so hidden "+
				"in plans, but stored in the state: to keep a secret script out of it, set `command_content_wo` "+
				"instead. Exactly one of the two must be set, but for an imported run: left out, it keeps the script "+
				"the import recovered until the command runs again.", maxCommandBytes),
			Validators:    []validator.String{stringvalidator.LengthBetween(1, maxCommandBytes)},
			PlanModifiers: []planmodifier.String{keptWhenImported{twin: "command_content_wo"}, scriptRunsAgain},
		},
		"type": schema.StringAttribute{
			Optional: true,
			Computed: true,
			Default:  stringdefault.StaticString(shellScript),
			Description: "The language of the script: `RunShellScript` (Linux servers), `RunBatScript` or " +
				"`RunPowerShellScript` (Windows servers). Defaults to `" + shellScript + "`.",
			Validators:    []validator.String{stringvalidator.OneOf(commandTypes...)},
			PlanModifiers: replaceString,
		},
		"name": schema.StringAttribute{
			Optional:      true,
			Computed:      true,
			Default:       stringdefault.StaticString(defaultCommandName),
			Description:   "The name of the command, shown in the console's command history. Defaults to `" + defaultCommandName + "`.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: replaceString,
		},
		"enable_parameter": schema.BoolAttribute{
			Optional:      true,
			Computed:      true,
			Default:       booldefault.StaticBool(false),
			Description:   "Whether `{{name}}` placeholders in `command_content` are custom parameters. Defaults to `false`.",
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
		},
		"parameters": schema.MapAttribute{
			Optional:    true,
			Computed:    true,
			Sensitive:   true,
			ElementType: types.StringType,
			Description: "The values of the custom parameters, e.g. `{ name = \"Jack\" }` for `echo {{name}}`; " +
				"needs `enable_parameter = true`. At most 20, with names of letters, digits, `_` and `-` up to 64 " +
				"characters. Sensitive, so hidden in plans, but stored in the state: to keep them out of it, set " +
				"`parameters_wo` instead. Left out of the configuration of an imported run, they keep the parameters " +
				"the import recovered until the command runs again.",
			Validators:    parameterValidators,
			PlanModifiers: []planmodifier.Map{keptWhenImported{twin: "parameters_wo"}, parametersRunAgain},
		},
	}
}

// runCommandEnvironment is how the command runs on the server.
func runCommandEnvironment() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"timeout": schema.Int64Attribute{
			Optional: true,
			Description: "How long the command may run on the server, in seconds (10 to 86400), before Cloud " +
				"Assistant stops it and the status becomes `Timeout`. The API's default is 60.",
			Validators:    []validator.Int64{int64validator.Between(10, 86400)},
			PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
		},
		"working_dir": schema.StringAttribute{
			Optional: true,
			Description: "The directory the command runs in. The API's default is `/root` on Linux and " +
				"`C:\\Windows\\system32` on Windows.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: replaceString,
		},
		"working_user": schema.StringAttribute{
			Optional: true,
			Description: "The user the command runs as on the server. The API's default is `root` on Linux and " +
				"`system` on Windows; a regular user is safer.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: replaceString,
		},
		"windows_password_name": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			Description: "The name, in CloudOps Orchestration Service's parameter store, of the password of " +
				"`working_user` on a Windows server; needs `working_user` and a Windows `type`.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: replaceString,
		},
	}
}

// runCommandBehaviour is what the apply does with the run; changing it runs
// nothing.
func runCommandBehaviour() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"wait_for_completion": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
			Description: "Wait, within `timeouts.create`, until the command reaches a final status, and fill the " +
				"result attributes. When `false` the apply ends once the command is started; the result attributes " +
				"stay null until a refresh reads them, and `require_success` must be `false`. Defaults to `true`.",
		},
		"require_success": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
			Description: "Fail the apply unless `invocation_status` is `Success`; the error gives the status, exit " +
				"code, error code and information, and the last lines of output unless it is kept out of the state " +
				"(`show_output_on_failure`). The run is still saved in the state, " +
				"tainted, so that the next apply runs the command again. Only the run at create time is checked. " +
				"Defaults to `true`.",
		},
		"store_output": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
			Description: "Whether `output` and `output_base64` are stored in the state. Set `false` for a command " +
				"that prints a secret: they are then null, while the status, exit code and error fields are kept, " +
				"and a `require_success` error does not show the output either (see `show_output_on_failure`). Read " +
				"the output with the `swas_invocation_result` ephemeral resource instead. Turning it back to `true` " +
				"takes effect at the next run. Defaults to `true`.",
		},
		"show_output_on_failure": showOutputOnFailure("the output"),
	}
}

// runCommandTimeouts is `timeouts { create = "...", read = "..." }`. There
// is no delete timeout: destroying calls no API.
func runCommandTimeouts(ctx context.Context) schema.Block {
	return resourceTimeouts(ctx, "Time limits of running the command and of reading its result.", timeouts.Opts{
		Create: true,
		Read:   true,
		CreateDescription: fmt.Sprintf("How long starting the command and waiting for it may take, as a duration "+
			"such as `30m`. Defaults to the command's `timeout` plus %d minutes, and at least %d minutes.",
			int(createMargin.Minutes()), int(minCreateTimeout.Minutes())),
		ReadDescription: fmt.Sprintf("How long a refresh of a command still running may take, retries included. "+
			"Defaults to `%s`.", defaultReadTimeout),
	})
}

// resourceTimeouts is a resource's timeouts block. A block rather than an
// attribute, so that OpenTofu and Terraform reject a key it does not have:
// an object given to an attribute loses its unknown keys before the
// provider sees it. Each key must be a duration longer than zero.
func resourceTimeouts(ctx context.Context, description string, opts timeouts.Opts) schema.Block {
	block := timeouts.Block(ctx, opts).(schema.SingleNestedBlock) //nolint:forcetypeassert // always a SingleNestedBlock
	block.Description = description
	for name, attribute := range block.Attributes {
		key := attribute.(schema.StringAttribute) //nolint:forcetypeassert // every key is a string
		key.Validators = []validator.String{durationValidator{}}
		block.Attributes[name] = key
	}
	return block
}
