package runcommand

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ action.ActionWithConfigure      = (*runCommandAction)(nil)
	_ action.ActionWithValidateConfig = (*runCommandAction)(nil)
)

// progressLines is how many of the output's last lines a progress message
// shows for one server.
const progressLines = 5

// NewAction is the swas_run_command action.
func NewAction() action.Action {
	return &runCommandAction{framework.NewAction[runCommandActionModel]("run_command", runCommandActionSchema)}
}

type runCommandAction struct {
	framework.Action[runCommandActionModel]
}

// ValidateConfig requires one command, and leaves the arguments of an
// inline script out of a saved command's run.
func (a *runCommandAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m runCommandActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	commands := map[string]types.String{"command_content": m.CommandContent, "command_content_wo": m.CommandContentWO, "command_id": m.CommandID}
	set := 0
	for _, value := range commands {
		if value.IsUnknown() {
			return
		}
		if !value.IsNull() {
			set++
		}
	}
	if set != 1 {
		resp.Diagnostics.AddAttributeError(path.Root("command_content"), "One command needed",
			fmt.Sprintf("%d of command_content, command_content_wo and command_id are set. Set exactly one: a script, "+
				"stored or write-only, or the ID of a saved command.", set))
	}
	framework.SetOnce(&resp.Diagnostics, "Parameters", "parameters", "are", m.Parameters, m.ParametersWO)
	if !m.CommandID.IsNull() {
		for name, value := range map[string]interface{ IsNull() bool }{
			"type": m.Type, "name": m.Name, "timeout": m.Timeout, "working_dir": m.WorkingDir, "enable_parameter": m.EnableParameter,
		} {
			if !value.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Argument of an inline script",
					name+" applies to an inline script, and command_id runs a saved command, which keeps its own. Remove "+
						name+", or change it on the saved command.")
			}
		}
	}
	if !m.WaitTimeout.IsUnknown() {
		_, diags := framework.WaitTimeout(m.WaitTimeout, 0).Limit(ctx)
		resp.Diagnostics.Append(diags...)
	}
}

// Invoke waits for every server's agent, runs the command, and waits for
// it within wait_timeout, reporting progress; an unsuccessful run fails
// unless require_success = false.
func (a *runCommandAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m runCommandActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var instances []string
	resp.Diagnostics.Append(m.InstanceIDs.ElementsAs(ctx, &instances, false)...)
	parameters := m.Parameters
	if !m.ParametersWO.IsNull() {
		parameters = m.ParametersWO
	}
	var values map[string]string
	if !parameters.IsNull() {
		resp.Diagnostics.Append(parameters.ElementsAs(ctx, &values, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	slices.Sort(instances)
	timeout := framework.WaitTimeout(m.WaitTimeout, framework.RunTimeout(m.Timeout))
	ctx, cancel, region, ok := framework.Begin(ctx, a.Data, m.RegionID, timeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	run := &actionRun{data: a.Data, region: region, instances: instances, timeout: timeout, secret: m.SecretOutput.ValueBool(), send: resp.SendProgress}
	if !run.awaitAgents(ctx, &resp.Diagnostics) {
		return
	}
	var results []serverResult
	if !m.CommandID.IsNull() {
		results, ok = run.invoke(ctx, swasclient.InvokeCommandInput{RegionID: region, CommandID: m.CommandID.ValueString(),
			InstanceIDs: instances, Parameters: values}, &resp.Diagnostics)
	} else {
		content := m.CommandContent
		if !m.CommandContentWO.IsNull() {
			content = m.CommandContentWO
		}
		commandType, name := m.Type.ValueString(), m.Name.ValueString()
		if commandType == "" {
			commandType = framework.ShellScript
		}
		if name == "" {
			name = defaultName
		}
		results, ok = run.runInline(ctx, swasclient.RunCommandInput{RegionID: region, Name: name, Type: commandType,
			CommandContent: content.ValueString(), Timeout: m.Timeout.ValueInt64(), WorkingDir: m.WorkingDir.ValueString(),
			EnableParameter: m.EnableParameter.ValueBool(), Parameters: values}, &resp.Diagnostics)
	}
	if !ok {
		return
	}
	run.report(results, m.RequireSuccess.IsNull() || m.RequireSuccess.ValueBool(), &resp.Diagnostics)
}

// actionRun is one invocation of the action.
type actionRun struct {
	data      *framework.ProviderData
	region    string
	instances []string
	timeout   framework.Timeout
	// secret keeps the output out of progress and errors.
	secret bool
	mu     sync.Mutex
	send   func(action.InvokeProgressEvent)
}

// serverResult is how the command ended on one server.
type serverResult struct {
	instanceID, invokeID                       string
	status, errorCode, errorInfo, outputBase64 string
	exitCode                                   *int64
}

func (r *actionRun) progress(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.send(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
}

// awaitAgents waits until every server's agent is online.
func (r *actionRun) awaitAgents(ctx context.Context, diags *diag.Diagnostics) bool {
	for _, id := range r.instances {
		r.progress("%s: waiting for the Cloud Assistant agent", id)
		if _, err := r.data.Client.WaitForCloudAssistant(ctx, swasclient.InstanceRef{RegionID: r.region, InstanceID: id}, r.data.Wait.Poll); err != nil {
			framework.Failure{
				Doing:     fmt.Sprintf("waiting for the Cloud Assistant agent of instance %s in %s before starting the command", id, r.region),
				Blame:     map[string]path.Path{"Instance": path.Root("instance_ids"), "Region": path.Root("region_id")},
				Timeout:   r.timeout,
				Afterword: "The command was not started on any server.",
			}.Add(diags, err)
			return false
		}
	}
	return true
}

// runInline starts the script on each server with RunCommand, then waits
// for every run at once.
func (r *actionRun) runInline(ctx context.Context, in swasclient.RunCommandInput, diags *diag.Diagnostics) ([]serverResult, bool) {
	refs := make([]swasclient.InvocationRef, 0, len(r.instances))
	for _, id := range r.instances {
		in.InstanceID = id
		started, err := r.data.Client.RunCommand(ctx, in)
		if err != nil {
			framework.Failure{
				Doing: fmt.Sprintf("starting the command on instance %s in %s", id, r.region), Timeout: r.timeout,
				StartsCommand: true, Afterword: startedOn(refs),
			}.Add(diags, err)
			return nil, false
		}
		r.progress("%s: started invocation %s", id, started.InvokeID)
		refs = append(refs, swasclient.InvocationRef{RegionID: r.region, InstanceID: id, InvokeID: started.InvokeID})
	}
	results := make([]serverResult, len(refs))
	errs := make([]error, len(refs))
	var wg sync.WaitGroup
	for i, ref := range refs {
		wg.Go(func() {
			watch := r.watcher(ref.InstanceID)
			result, err := r.data.Client.WaitForInvocationWatched(ctx, ref, r.data.Wait, func(res *swasclient.InvocationResult) {
				watch(res.InvocationStatus, res.OutputBase64)
			})
			var timedOut *swasclient.WaitTimeoutError
			if errors.As(err, &timedOut) {
				result = timedOut.Last
			}
			results[i] = serverResult{instanceID: ref.InstanceID, invokeID: ref.InvokeID}
			if result != nil {
				results[i] = serverResult{instanceID: ref.InstanceID, invokeID: ref.InvokeID, status: result.InvocationStatus,
					errorCode: result.ErrorCode, errorInfo: result.ErrorInfo, outputBase64: result.OutputBase64, exitCode: result.ExitCode}
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			framework.Failure{
				Doing:     fmt.Sprintf("waiting for invocation %s on instance %s in %s", refs[i].InvokeID, refs[i].InstanceID, r.region),
				Timeout:   r.timeout,
				Afterword: "SWAS cannot stop a command: it runs on, and the console's command history shows how it ends.",
			}.Add(diags, err)
		}
	}
	return results, !diags.HasError()
}

// invoke runs the saved command on every server with one InvokeCommand and
// waits for them all, one request a poll.
func (r *actionRun) invoke(ctx context.Context, in swasclient.InvokeCommandInput, diags *diag.Diagnostics) ([]serverResult, bool) {
	started, err := r.data.Client.InvokeCommand(ctx, in)
	if err != nil {
		framework.Failure{
			Doing: fmt.Sprintf("starting command %s on %s in %s", in.CommandID, framework.Plural(len(in.InstanceIDs), "server"), r.region),
			Blame: map[string]path.Path{
				"Command": path.Root("command_id"), "Instance": path.Root("instance_ids"), "Region": path.Root("region_id"),
			},
			Timeout: r.timeout, StartsCommand: true,
		}.Add(diags, err)
		return nil, false
	}
	r.progress("started invocation %s of command %s on %s", started.InvokeID, in.CommandID, framework.Plural(len(in.InstanceIDs), "server"))
	watchers := map[string]func(status, outputBase64 string){}
	for _, id := range r.instances {
		watchers[id] = r.watcher(id)
	}
	inv, err := r.data.Client.WaitForCommandInvocation(ctx, r.region, started.InvokeID, r.data.Wait, func(inv *swasclient.CommandInvocation) {
		for _, in := range inv.Instances {
			if watch, ok := watchers[in.InstanceID]; ok {
				watch(in.InvocationStatus, in.OutputBase64)
			}
		}
	})
	var timedOut *swasclient.CommandWaitTimeoutError
	if errors.As(err, &timedOut) {
		inv = timedOut.Last
	}
	if err != nil {
		framework.Failure{
			Doing:     fmt.Sprintf("waiting for invocation %s in %s", started.InvokeID, r.region),
			Timeout:   r.timeout,
			Afterword: "SWAS cannot stop a command: it runs on, and the console's command history shows how it ends.",
		}.Add(diags, err)
		return nil, false
	}
	results := make([]serverResult, 0, len(inv.Instances))
	for _, in := range inv.Instances {
		results = append(results, serverResult{instanceID: in.InstanceID, invokeID: inv.InvokeID, status: in.InvocationStatus,
			errorCode: in.ErrorCode, errorInfo: in.ErrorInfo, outputBase64: in.OutputBase64, exitCode: in.ExitCode})
	}
	return results, true
}

// watcher reports a server's status when it changes and, when the command
// runs on this server alone, the last lines of its output as they grow.
func (r *actionRun) watcher(instanceID string) func(status, outputBase64 string) {
	var lastStatus, lastOutput string
	return func(status, outputBase64 string) {
		if status != lastStatus {
			lastStatus = status
			r.progress("%s: %s", instanceID, status)
		}
		if r.secret || len(r.instances) > 1 || outputBase64 == lastOutput {
			return
		}
		lastOutput = outputBase64
		if output, _, err := framework.DecodeOutput(outputBase64); err == nil && output != "" {
			r.progress("%s: output so far:\n%s", instanceID, framework.LastLines(output, progressLines))
		}
	}
}

// report fails on every server where the command did not succeed, when
// required, and otherwise sums up.
func (r *actionRun) report(results []serverResult, requireSuccess bool, diags *diag.Diagnostics) {
	var failed []string
	succeeded := 0
	for _, res := range results {
		if res.status == swasclient.StatusSuccess {
			succeeded++
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s (invocation %s): status %s", res.instanceID, res.invokeID, res.status)
		framework.WriteEnding(&b, res.exitCode, res.errorCode, res.errorInfo)
		if output, _, err := framework.DecodeOutput(res.outputBase64); err == nil && output != "" && !r.secret {
			fmt.Fprintf(&b, "\nLast lines of output:\n%s", framework.LastLines(output, framework.FailureOutputLines))
		}
		failed = append(failed, b.String())
	}
	r.progress("succeeded on %d of %s", succeeded, framework.Plural(len(results), "server"))
	if len(failed) == 0 || !requireSuccess {
		return
	}
	detail := fmt.Sprintf("The command did not succeed on %d of %s:\n\n%s", len(failed),
		framework.Plural(len(results), "server"), strings.Join(failed, "\n\n"))
	if r.secret {
		detail += "\n\nThe output is not shown: secret_output = true. Read it in the console's command history."
	}
	diags.AddError("Command did not succeed", detail+"\n\nFix the command and invoke the action again, or set "+
		"require_success = false to let unsuccessful runs pass.")
}

// startedOn names the runs already started, for an error that stops
// before the others.
func startedOn(refs []swasclient.InvocationRef) string {
	if len(refs) == 0 {
		return "The command was not started on any server."
	}
	runs := make([]string, 0, len(refs))
	for _, ref := range refs {
		runs = append(runs, ref.InstanceID+" ("+ref.InvokeID+")")
	}
	return "The command was not started on the servers left; it runs on " + strings.Join(runs, ", ") + "."
}
