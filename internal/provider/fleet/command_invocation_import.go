package fleet

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// ImportState takes `<invoke_id>` or `<region>:<invoke_id>`, or the
// identity naming them, and recovers what DescribeCommandInvocations shows
// (the command, the servers, the parameters and the user), so that a
// configuration matching the run plans no change, and says what it cannot
// recover; Read then fills the results.
func (r *commandInvocationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	regionID, ids, ok := framework.ParseImportID(ctx, req, (*commandInvocationIdentity).importIDParts, invocationImportID, &resp.Diagnostics)
	if !ok {
		return
	}
	invokeID := ids[0]
	op := framework.Operation{
		RegionID: regionID,
		// An import has no configuration, and so no timeouts.
		Timeout: framework.ReadTimeout(nil),
		Doing:   fmt.Sprintf("looking up invocation %s to import it", invokeID),
		Blame:   fleetBlame,
		NotFound: func(region string, err error, diags *diag.Diagnostics) {
			diags.AddError("Cannot import: invocation not found", fmt.Sprintf("The API has no invocation %s in %s "+
				"(%v). Check the id and the region; results of commands are kept for two weeks only.", invokeID, region, err))
		},
	}
	inv, region, ok := framework.Call(ctx, r.Data, op, func(ctx context.Context, region string) (*swasclient.CommandInvocation, error) {
		return r.Data.Client.DescribeCommandInvocation(ctx, region, invokeID)
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	for name, value := range importedInvocation(region, inv, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
	framework.MarkImported(ctx, resp)
	resp.Diagnostics.AddWarning(invocationImportNotice(inv))
}

// invocationImportID is the form of swas_command_invocation's import ID.
var invocationImportID = []framework.ImportIDPart{{Name: "invoke_id", ID: framework.InvokeIDValidator}}

// importedInvocation are the attributes an import recovers, and the
// schema's defaults of the rest, so that a configuration that leaves them
// out plans no change.
func importedInvocation(region string, inv *swasclient.CommandInvocation, diags *diag.Diagnostics) map[string]attr.Value {
	instances := make([]attr.Value, 0, len(inv.Instances))
	for _, in := range inv.Instances {
		instances = append(instances, types.StringValue(in.InstanceID))
	}
	return map[string]attr.Value{
		"id":        types.StringValue(inv.InvokeID),
		"invoke_id": types.StringValue(inv.InvokeID),
		// An invocation is one batch of a rollout; an import takes that one.
		"invoke_ids":      types.ListValueMust(types.StringType, []attr.Value{types.StringValue(inv.InvokeID)}),
		"region_id":       types.StringValue(region),
		"command_id":      types.StringValue(inv.CommandID),
		"instance_ids":    types.SetValueMust(types.StringType, instances),
		"parameters":      invocationParameters(inv, diags),
		"username":        framework.StringOrNull(inv.Username),
		"require_success": types.BoolValue(true),
		"store_output":    types.BoolValue(true),
	}
}

// invocationParameters are the parameters the API lists, a JSON object in
// a string; values that are not strings are given as JSON. None is null.
func invocationParameters(inv *swasclient.CommandInvocation, diags *diag.Diagnostics) types.Map {
	if inv.Parameters == "" {
		return types.MapNull(types.StringType)
	}
	var listed map[string]any
	if err := json.Unmarshal([]byte(inv.Parameters), &listed); err != nil {
		diags.AddAttributeWarning(path.Root("parameters"), "Parameters not recovered",
			fmt.Sprintf("The API lists the parameters of invocation %s as something other than a JSON object (%v), so "+
				"the import leaves parameters null: set them in the configuration.", inv.InvokeID, err))
		return types.MapNull(types.StringType)
	}
	if len(listed) == 0 {
		return types.MapNull(types.StringType)
	}
	parameters := make(map[string]attr.Value, len(listed))
	for name, value := range listed {
		text, isString := value.(string)
		if !isString {
			encoded, _ := json.Marshal(value) // it came from JSON
			text = string(encoded)
		}
		parameters[name] = types.StringValue(text)
	}
	return types.MapValueMust(types.StringType, parameters)
}

// invocationImportNotice says what an import cannot recover, and what the
// configuration needs.
func invocationImportNotice(inv *swasclient.CommandInvocation) (title, detail string) {
	return "Some arguments cannot be imported", fmt.Sprintf("Invocation %s is imported with the command, the "+
		"servers, the parameters and the user the API lists; the parameters are now stored in parameters. The API "+
		"keeps no triggers, show_output_on_failure or timeouts, and write-only arguments are never kept: "+
		"parameters_wo and parameters_wo_version cannot be recovered.\n\n"+
		"parameters is sensitive, so a configuration written by plan -generate-config-out leaves it null. Left out "+
		"so, it keeps what the import recovered and the plan shows no change; but running the command again (a change "+
		"of triggers, say) needs the parameters: fill in parameters_wo or parameters by hand.\n\n"+
		"The API may list the user the command ran as (%q) even when none was set, its default: a configuration that "+
		"leaves username out then replaces the resource, which runs the command again on every server, so set "+
		"username as listed. Any other difference in command_id, instance_ids, parameters or username replaces the "+
		"resource too.", inv.InvokeID, inv.Username)
}

var _ resource.ResourceWithIdentity = (*commandInvocationResource)(nil)

// IdentitySchema is what names the resource in an import by identity.
func (r *commandInvocationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"region_id": framework.IdentityRegionID(),
			"invoke_id": framework.IdentityID("The ID of the run, e.g. `" + framework.InvokeIDValidator.Example + "`."),
		},
	}
}
