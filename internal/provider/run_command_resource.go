package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ resource.ResourceWithConfigure      = (*runCommandResource)(nil)
	_ resource.ResourceWithValidateConfig = (*runCommandResource)(nil)
	_ resource.ResourceWithImportState    = (*runCommandResource)(nil)
)

const (
	defaultCommandName = "swas_run_command"
	shellScript        = "RunShellScript"
	// maxCommandBytes keeps the script within the API's 16 KB once
	// base64-encoded.
	maxCommandBytes = 12 * 1024
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

// NewRunCommandResource is the swas_run_command resource.
func NewRunCommandResource() resource.Resource {
	return &runCommandResource{}
}

type runCommandResource struct {
	data *providerData
}

type runCommandModel struct {
	ID                  types.String   `tfsdk:"id"`
	RegionID            types.String   `tfsdk:"region_id"`
	InstanceID          types.String   `tfsdk:"instance_id"`
	CommandContent      types.String   `tfsdk:"command_content"`
	Type                types.String   `tfsdk:"type"`
	Name                types.String   `tfsdk:"name"`
	Timeout             types.Int64    `tfsdk:"timeout"`
	WorkingDir          types.String   `tfsdk:"working_dir"`
	WorkingUser         types.String   `tfsdk:"working_user"`
	EnableParameter     types.Bool     `tfsdk:"enable_parameter"`
	Parameters          types.Map      `tfsdk:"parameters"`
	WindowsPasswordName types.String   `tfsdk:"windows_password_name"`
	Triggers            types.Map      `tfsdk:"triggers"`
	WaitForCompletion   types.Bool     `tfsdk:"wait_for_completion"`
	RequireSuccess      types.Bool     `tfsdk:"require_success"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
	InvokeID            types.String   `tfsdk:"invoke_id"`
	invocationResultFields
}

func (r *runCommandResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_run_command"
}

func (r *runCommandResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// Every argument that shapes the command runs it again when it changes.
	replaceString := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	replaceMap := []planmodifier.Map{mapplanmodifier.RequiresReplace()}
	computed := func(description string) schema.Attribute {
		return schema.StringAttribute{
			Computed:      true,
			Description:   description,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	resp.Schema = schema.Schema{
		Description: "Runs a Cloud Assistant command on a Simple Application Server (the API's RunCommand) and, by " +
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
			"`<instance_id>:<invoke_id>` (region from the provider) or `<region>:<instance_id>:<invoke_id>`.",
		Attributes: map[string]schema.Attribute{
			"id":        computed("`<instance_id>:<invoke_id>`."),
			"invoke_id": computed("The ID of the command's execution that RunCommand returned, e.g. `t-bj02prjhw1n1234`."),
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
			"command_content": schema.StringAttribute{
				Required: true,
				Description: fmt.Sprintf("The script to run, as plain text (the API takes it as is), at most %d bytes. "+
					"With `enable_parameter`, `{{name}}` placeholders are filled from `parameters`.", maxCommandBytes),
				Validators:    []validator.String{stringvalidator.LengthBetween(1, maxCommandBytes)},
				PlanModifiers: replaceString,
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
			"enable_parameter": schema.BoolAttribute{
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				Description:   "Whether `{{name}}` placeholders in `command_content` are custom parameters. Defaults to `false`.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"parameters": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "The values of the custom parameters, e.g. `{ name = \"Jack\" }` for `echo {{name}}`; " +
					"needs `enable_parameter = true`. At most 20, with names of letters, digits, `_` and `-` up to 64 " +
					"characters.",
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(20),
					mapvalidator.KeysAre(stringvalidator.RegexMatches(parameterPattern,
						"must be letters, digits, _ and - only, at most 64 characters")),
				},
				PlanModifiers: replaceMap,
			},
			"windows_password_name": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The name, in CloudOps Orchestration Service's parameter store, of the password of " +
					"`working_user` on a Windows server; needs `working_user` and a Windows `type`.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: replaceString,
			},
			"triggers": schema.MapAttribute{
				Optional:      true,
				ElementType:   types.StringType,
				Description:   "Arbitrary values whose change runs the command again (by replacing the resource), as with `terraform_data`'s `triggers_replace`, e.g. a release version or a file's hash.",
				PlanModifiers: replaceMap,
			},
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
					"code, error code and information, and the last lines of output. The run is still saved in the state, " +
					"tainted, so that the next apply runs the command again. Only the run at create time is checked. " +
					"Defaults to `true`.",
			},
			"timeouts": runCommandTimeouts(ctx),
		},
	}
	maps.Copy(resp.Schema.Attributes, invocationResultAttributes(computed, func(description string) schema.Attribute {
		return schema.Int64Attribute{
			Computed:      true,
			Description:   description,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		}
	}))
}

// runCommandTimeouts is `timeouts = { create = "...", read = "..." }`. There
// is no delete timeout: destroying calls no API.
func runCommandTimeouts(ctx context.Context) schema.Attribute {
	attribute := timeouts.Attributes(ctx, timeouts.Opts{ //nolint:forcetypeassert // always a SingleNestedAttribute
		Create: true,
		Read:   true,
		CreateDescription: fmt.Sprintf("How long starting the command and waiting for it may take, as a duration "+
			"such as `30m`. Defaults to the command's `timeout` plus %d minutes, and at least %d minutes.",
			int(createMargin.Minutes()), int(minCreateTimeout.Minutes())),
		ReadDescription: fmt.Sprintf("How long a refresh of a command still running may take, retries included. "+
			"Defaults to `%s`.", defaultReadTimeout),
	}).(schema.SingleNestedAttribute)
	attribute.Description = "Time limits of running the command and of reading its result."
	return attribute
}

func (r *runCommandResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredProviderData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig rejects combinations the API would refuse or ignore, at
// plan time, pointing at the argument that is set.
func (r *runCommandResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config runCommandModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Unknown values are checked once known, at apply.
	isFalse := func(b types.Bool) bool { return b.Equal(types.BoolValue(false)) }
	if len(config.Parameters.Elements()) > 0 && !config.EnableParameter.IsUnknown() && !config.EnableParameter.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("parameters"), "Parameters without enable_parameter",
			"parameters are set, but enable_parameter is not true, so the {{name}} placeholders would not be filled. "+
				"Set enable_parameter = true.")
	}
	if !config.WindowsPasswordName.IsNull() {
		if config.WorkingUser.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("windows_password_name"), "Password without a user",
				"windows_password_name is the password of working_user, which is not set. Set working_user too.")
		}
		if !config.Type.IsUnknown() && (config.Type.IsNull() || config.Type.ValueString() == shellScript) {
			resp.Diagnostics.AddAttributeError(path.Root("windows_password_name"), "Password for a Linux command",
				"windows_password_name is for commands on Windows servers. Set type to RunBatScript or RunPowerShellScript.")
		}
	}
	if isFalse(config.WaitForCompletion) && !isFalse(config.RequireSuccess) && !config.RequireSuccess.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("wait_for_completion"), "require_success needs waiting",
			"With wait_for_completion = false the apply ends before the command's result is known, so "+
				"require_success (true by default) cannot be checked. Set require_success = false too.")
	}
}

func (r *runCommandResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan runCommandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region, ok := r.data.regionFor(plan.RegionID, &resp.Diagnostics)
	if !ok {
		return
	}
	createTimeout, timeoutDiags := plan.Timeouts.Create(ctx,
		max(minCreateTimeout, commandTimeout(plan.Timeout)+createMargin))
	resp.Diagnostics.Append(timeoutDiags...)
	in := plan.runCommandInput(ctx, region, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	started, err := r.data.client.RunCommand(ctx, in)
	switch {
	case swasclient.MayHaveRun(err):
		// Not apiFailure's advice to try again: that may run it twice.
		resp.Diagnostics.AddError("The command may have started",
			fmt.Sprintf("Starting the command on instance %s in %s failed after the request may have reached the "+
				"API: %s.\n\nThe command may be running, or have run, although no invoke id came back, and nothing "+
				"is saved in the state: the next apply runs it again. Check the swas_invocations data source or the "+
				"console's command history first.", in.InstanceID, region, err))
		return
	case err != nil:
		failure := apiFailure{
			doing: fmt.Sprintf("starting the command on instance %s in %s", in.InstanceID, region),
			blame: map[string]path.Path{"Instance": path.Root("instance_id"), "Region": path.Root("region_id")},
		}
		failure.add(&resp.Diagnostics, err)
		return
	}

	plan.RegionID = types.StringValue(region)
	plan.InvokeID = types.StringValue(started.InvokeID)
	plan.ID = types.StringValue(in.InstanceID + ":" + started.InvokeID)
	plan.invocationResultFields = invocationResultFields{RequestID: types.StringValue(started.RequestID)}
	// Saved before waiting: whatever happens next, the command was started
	// and the state must say so.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !plan.WaitForCompletion.ValueBool() {
		return
	}

	ref := swasclient.InvocationRef{RegionID: region, InstanceID: in.InstanceID, InvokeID: started.InvokeID}
	result, err := r.data.client.WaitForInvocation(ctx, ref, r.data.wait)
	var failed diag.Diagnostics
	var timeout *swasclient.WaitTimeoutError
	switch {
	case errors.As(err, &timeout):
		if timeout.Last != nil {
			plan.fill(ref.InvokeID, timeout.Last, &failed)
		}
		title, advice := "Timed out waiting for the command",
			"Raise timeouts.create if the command needs longer, or check why it has not finished."
		if errors.Is(timeout, context.Canceled) {
			title, advice = "Stopped waiting for the command", "The run was interrupted."
		}
		failed.AddError(title, fmt.Sprintf("Invocation %s started on instance %s; %s.\n\n%s",
			ref.InvokeID, ref.InstanceID, timeout, advice))
	case err != nil:
		failure := apiFailure{doing: fmt.Sprintf("waiting for invocation %s on instance %s in %s", ref.InvokeID, ref.InstanceID, region)}
		failure.add(&failed, err)
	default:
		plan.fill(ref.InvokeID, result, &failed)
		if plan.RequireSuccess.ValueBool() && result.InvocationStatus != swasclient.StatusSuccess {
			addUnsuccessful(&failed, result, plan.Output.ValueString())
		}
	}
	// The command ran whatever failed after: every error says the run is kept.
	for _, d := range failed {
		if d.Severity() == diag.SeverityError {
			d = diag.NewErrorDiagnostic(d.Summary(), d.Detail()+fmt.Sprintf("\n\nInvocation %s is saved in the state "+
				"with the result read so far, and marked tainted: the next apply replaces the resource, which runs the "+
				"command again. Untaint the resource to keep this run instead; a refresh then reads its final result.",
				ref.InvokeID))
		}
		resp.Diagnostics.Append(d)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// commandTimeout is how long the command may run on the server.
func commandTimeout(timeout types.Int64) time.Duration {
	if timeout.IsNull() || timeout.IsUnknown() {
		return apiCommandTimeout
	}
	return time.Duration(timeout.ValueInt64()) * time.Second
}

func (m *runCommandModel) runCommandInput(ctx context.Context, region string, diags *diag.Diagnostics) swasclient.RunCommandInput {
	in := swasclient.RunCommandInput{
		RegionID:            region,
		InstanceID:          m.InstanceID.ValueString(),
		Name:                m.Name.ValueString(),
		Type:                m.Type.ValueString(),
		CommandContent:      m.CommandContent.ValueString(),
		Timeout:             m.Timeout.ValueInt64(),
		WorkingDir:          m.WorkingDir.ValueString(),
		WorkingUser:         m.WorkingUser.ValueString(),
		WindowsPasswordName: m.WindowsPasswordName.ValueString(),
		EnableParameter:     m.EnableParameter.ValueBool(),
	}
	if !m.Parameters.IsNull() {
		diags.Append(m.Parameters.ElementsAs(ctx, &in.Parameters, false)...)
	}
	return in
}

func (r *runCommandResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state runCommandModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A final result never changes: reading it again would cost a call per
	// resource and plan, and change nothing but request_id.
	if !state.InvocationStatus.IsNull() && !swasclient.InProgress(state.InvocationStatus.ValueString()) {
		return
	}
	region, ok := r.data.regionFor(state.RegionID, &resp.Diagnostics)
	if !ok {
		return
	}
	readTimeout, timeoutDiags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(timeoutDiags...)
	if timeoutDiags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	ref := swasclient.InvocationRef{RegionID: region, InstanceID: state.InstanceID.ValueString(), InvokeID: state.InvokeID.ValueString()}
	result, err := r.data.client.DescribeInvocationResult(ctx, ref)
	switch {
	case swasclient.IsKind(err, swasclient.KindNotFound):
		resp.Diagnostics.AddWarning("Command result no longer available",
			fmt.Sprintf("The API no longer has invocation %s on instance %s in %s (%v): results are kept for two weeks, "+
				"and go with a released server. The state keeps the result last read; the command runs again only "+
				"when an argument or triggers change.", ref.InvokeID, ref.InstanceID, region, err))
		return
	case err != nil:
		failure := apiFailure{doing: fmt.Sprintf("reading invocation %s on instance %s in %s", ref.InvokeID, ref.InstanceID, region)}
		failure.add(&resp.Diagnostics, err)
		return
	}
	state.fill(ref.InvokeID, result, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes only what runs no command (the other arguments replace the
// resource), so the invocation and its result stay as they are.
func (r *runCommandResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state runCommandModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.WaitForCompletion = plan.WaitForCompletion
	state.RequireSuccess = plan.RequireSuccess
	state.Timeouts = plan.Timeouts
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete only forgets the run: SWAS has no API to stop or undo a command.
func (r *runCommandResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state runCommandModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if status := state.InvocationStatus.ValueString(); swasclient.InProgress(status) {
		resp.Diagnostics.AddWarning("Command left running",
			fmt.Sprintf("Invocation %s on instance %s was last read as %s. SWAS has no API to stop a command, so it "+
				"is only removed from the state and runs on until it ends or reaches its timeout.",
				state.InvokeID.ValueString(), state.InstanceID.ValueString(), status))
	}
}

// ImportState takes `instance_id:invoke_id` or `region:instance_id:invoke_id`
// and recovers the arguments the API keeps (name, type, script,
// parameters) from DescribeInvocations, so that a configuration matching the
// run plans no replacement; Read then fills the result.
func (r *runCommandResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, ":")
	regionID := types.StringNull()
	if len(parts) == 3 {
		regionID = types.StringValue(parts[0])
		parts = parts[1:]
	}
	if len(parts) != 2 || !instanceIDValidator.pattern.MatchString(parts[0]) || !invokeIDValidator.pattern.MatchString(parts[1]) ||
		(!regionID.IsNull() && !regionIDValidator.pattern.MatchString(regionID.ValueString())) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not <instance_id>:<invoke_id> or <region>:<instance_id>:<invoke_id>, "+
				"e.g. %s:%s or cn-hangzhou:%s:%s.", req.ID, instanceIDValidator.example, invokeIDValidator.example,
				instanceIDValidator.example, invokeIDValidator.example))
		return
	}
	instanceID, invokeID := parts[0], parts[1]
	region, ok := r.data.regionFor(regionID, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()

	list, err := r.data.client.DescribeInvocations(ctx, swasclient.InvocationFilter{RegionID: region, InstanceID: instanceID}, maxListedInvocations)
	if err != nil {
		failure := apiFailure{doing: fmt.Sprintf("looking up invocation %s on instance %s in %s to import it", invokeID, instanceID, region)}
		failure.add(&resp.Diagnostics, err)
		return
	}
	found := slices.IndexFunc(list.Invocations, func(inv swasclient.Invocation) bool { return inv.InvokeID == invokeID })
	if found < 0 {
		resp.Diagnostics.AddError("Cannot import: invocation not found",
			fmt.Sprintf("Instance %s in %s has no invocation %s among the %d the API lists. Check the ids and the "+
				"region; results of commands are kept for two weeks only.", instanceID, region, invokeID, len(list.Invocations)))
		return
	}
	run := invocationFromAPI(list.Invocations[found], &resp.Diagnostics)
	parameters := run.Parameters
	if len(parameters.Elements()) == 0 {
		parameters = types.MapNull(types.StringType)
	}
	for name, value := range map[string]attr.Value{
		"id":                  types.StringValue(instanceID + ":" + invokeID),
		"region_id":           types.StringValue(region),
		"instance_id":         types.StringValue(instanceID),
		"invoke_id":           types.StringValue(invokeID),
		"name":                run.CommandName,
		"type":                run.CommandType,
		"command_content":     run.CommandContent,
		"parameters":          parameters,
		"enable_parameter":    types.BoolValue(!parameters.IsNull()),
		"wait_for_completion": types.BoolValue(true),
		"require_success":     types.BoolValue(true),
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
}
