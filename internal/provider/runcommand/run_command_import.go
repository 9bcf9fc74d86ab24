package runcommand

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// ImportState takes `instance_id:invoke_id` or `region:instance_id:invoke_id`,
// or the identity naming them, and recovers the arguments the API keeps (name, type, script,
// parameters) from DescribeInvocations, so that a configuration matching the
// run plans no replacement, and says what it cannot recover; Read then fills
// the result.
func (r *runCommandResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	regionID, ids, ok := framework.ParseImportID(ctx, req, (*runCommandIdentity).importIDParts, runImportID, &resp.Diagnostics)
	if !ok {
		return
	}
	instanceID, invokeID := ids[0], ids[1]
	op := framework.Operation{
		RegionID: regionID,
		// An import has no configuration, and so no timeouts.
		Timeout: framework.ReadTimeout(nil),
		Doing:   fmt.Sprintf("looking up invocation %s on instance %s to import it", invokeID, instanceID),
	}
	list, region, ok := framework.Call(ctx, r.Data, op, func(ctx context.Context, region string) (*swasclient.InvocationList, error) {
		return r.Data.Client.DescribeInvocations(ctx, swasclient.InvocationFilter{RegionID: region, InstanceID: instanceID}, framework.MaxListedInvocations)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	found := slices.IndexFunc(list.Invocations, func(inv swasclient.Invocation) bool { return inv.InvokeID == invokeID })
	if found < 0 {
		resp.Diagnostics.AddError("Cannot import: invocation not found",
			fmt.Sprintf("Instance %s in %s has no invocation %s among the %d the API lists. Check the ids and the "+
				"region; results of commands are kept for two weeks only.", instanceID, region, invokeID, len(list.Invocations)))
		return
	}
	for name, value := range importedArguments(region, instanceID, list.Invocations[found], &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
	framework.MarkImported(ctx, resp)
	resp.Diagnostics.AddWarning(importNotice(invokeID))
}

// runImportID is the form of swas_run_command's import ID.
var runImportID = []framework.ImportIDPart{
	{Name: "instance_id", ID: framework.InstanceIDValidator},
	{Name: "invoke_id", ID: framework.InvokeIDValidator},
}

// importedArguments are the attributes an import recovers from the listed
// run, and the schema's defaults of the rest, so that a configuration that
// leaves them out plans no change (TestImportedArgumentsAreTheDefaults).
func importedArguments(region, instanceID string, run swasclient.Invocation, diags *diag.Diagnostics) map[string]attr.Value {
	parameters := framework.ListedParameters(run, diags)
	if len(parameters.Elements()) == 0 {
		parameters = types.MapNull(types.StringType)
	}
	return map[string]attr.Value{
		"id":                       types.StringValue(instanceID + ":" + run.InvokeID),
		"region_id":                types.StringValue(region),
		"instance_id":              types.StringValue(instanceID),
		"invoke_id":                types.StringValue(run.InvokeID),
		"name":                     types.StringValue(run.CommandName),
		"type":                     types.StringValue(run.CommandType),
		"command_content":          framework.ListedScript(run, path.Root("command_content"), diags),
		"parameters":               parameters,
		"enable_parameter":         types.BoolValue(!parameters.IsNull()),
		"wait_for_completion":      types.BoolValue(true),
		"require_success":          types.BoolValue(true),
		"store_output":             types.BoolValue(true),
		"wait_for_cloud_assistant": types.BoolValue(true),
	}
}

// importNotice says what an import cannot recover, and what the
// configuration needs.
func importNotice(invokeID string) (title, detail string) {
	return "Some arguments cannot be imported", fmt.Sprintf("Invocation %s is imported with the name, type, script "+
		"and parameters the API lists, which are now stored in command_content and parameters. The API keeps no "+
		"timeout, working_dir, working_user, windows_password_name or triggers, and write-only arguments are never "+
		"kept: command_content_wo, parameters_wo and command_content_wo_version cannot be recovered.\n\n"+
		"command_content and parameters are sensitive, so a configuration written by plan -generate-config-out leaves "+
		"them null. Left out so, they keep what the import recovered, and the plan shows no change; but running the "+
		"command again (a change of triggers, say) needs them: fill in command_content_wo or command_content, and "+
		"parameters_wo or parameters, by hand.\n\nIf the configuration sets command_content_wo or parameters_wo to "+
		"this run's script and parameters, the next apply removes them from the state without running the command "+
		"again. Any other difference in these arguments replaces the resource, which runs the command again.", invokeID)
}

var _ resource.ResourceWithIdentity = (*runCommandResource)(nil)

// IdentitySchema is what names the resource in an import by identity.
func (r *runCommandResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"region_id":   framework.IdentityRegionID(),
			"instance_id": framework.IdentityID("The ID of the server the command ran on."),
			"invoke_id":   framework.IdentityID("The ID of the run, e.g. `" + framework.InvokeIDValidator.Example + "`."),
		},
	}
}
