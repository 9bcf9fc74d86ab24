package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// ImportState takes `instance_id:invoke_id` or `region:instance_id:invoke_id`
// and recovers the arguments the API keeps (name, type, script,
// parameters) from DescribeInvocations, so that a configuration matching the
// run plans no replacement, and says what it cannot recover; Read then fills
// the result.
func (r *runCommandResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	regionID, instanceID, invokeID, problem := parseRunImportID(req.ID)
	if problem != "" {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not <instance_id>:<invoke_id> or <region>:<instance_id>:<invoke_id>, "+
				"e.g. %s:%s or cn-hangzhou:%s:%s: %s.", req.ID, instanceIDValidator.example, invokeIDValidator.example,
				instanceIDValidator.example, invokeIDValidator.example, problem))
		return
	}
	read := apiRead{
		regionID: regionID,
		doing:    fmt.Sprintf("looking up invocation %s on instance %s to import it", invokeID, instanceID),
	}
	list, region, ok := readAPI(ctx, r.data, read, func(ctx context.Context, region string) (*swasclient.InvocationList, error) {
		return r.data.client.DescribeInvocations(ctx, swasclient.InvocationFilter{RegionID: region, InstanceID: instanceID}, maxListedInvocations)
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
	run := invocationFromAPI(list.Invocations[found], &resp.Diagnostics)
	for name, value := range importedArguments(region, instanceID, invokeID, run) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
	markImported(ctx, resp)
	resp.Diagnostics.AddWarning(importNotice(invokeID))
}

// parseRunImportID splits `[region:]instance_id:invoke_id`, checking each id
// as its attribute's validator does; problem is "" when the ID is usable.
func parseRunImportID(id string) (regionID types.String, instanceID, invokeID, problem string) {
	parts := strings.Split(id, ":")
	regionID = types.StringNull()
	if len(parts) == 3 {
		if problem = regionIDValidator.problem(parts[0]); problem != "" {
			return regionID, "", "", "the region " + problem
		}
		regionID = types.StringValue(parts[0])
		parts = parts[1:]
	}
	if len(parts) != 2 {
		return regionID, "", "", fmt.Sprintf("it has %d parts separated by colons", len(strings.Split(id, ":")))
	}
	if problem = instanceIDValidator.problem(parts[0]); problem != "" {
		return regionID, "", "", "the instance ID " + problem
	}
	if problem = invokeIDValidator.problem(parts[1]); problem != "" {
		return regionID, "", "", "the invoke ID " + problem
	}
	return regionID, parts[0], parts[1], ""
}

// importedArguments are the attributes an import recovers from the listed
// run, and the schema's defaults of the rest, so that a configuration that
// leaves them out plans no change (TestImportedArgumentsAreTheDefaults).
func importedArguments(region, instanceID, invokeID string, run invocationModel) map[string]attr.Value {
	parameters := run.Parameters
	if len(parameters.Elements()) == 0 {
		parameters = types.MapNull(types.StringType)
	}
	return map[string]attr.Value{
		"id":                       types.StringValue(instanceID + ":" + invokeID),
		"region_id":                types.StringValue(region),
		"instance_id":              types.StringValue(instanceID),
		"invoke_id":                types.StringValue(invokeID),
		"name":                     run.CommandName,
		"type":                     run.CommandType,
		"command_content":          run.CommandContent,
		"parameters":               parameters,
		"enable_parameter":         types.BoolValue(!parameters.IsNull()),
		"wait_for_completion":      types.BoolValue(true),
		"require_success":          types.BoolValue(true),
		"store_output":             types.BoolValue(true),
		"wait_for_cloud_assistant": types.BoolValue(true),
	}
}
