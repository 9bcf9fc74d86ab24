package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// maxListedInvocations caps what one read lists: the API keeps two weeks
// of results, and a plan should not page through all of them.
const maxListedInvocations = 1000

// invocationModel is one listed invocation, decoded.
type invocationModel struct {
	InvokeID         types.String `tfsdk:"invoke_id"`
	CommandName      types.String `tfsdk:"command_name"`
	CommandType      types.String `tfsdk:"command_type"`
	CommandContent   types.String `tfsdk:"command_content"`
	CreationTime     types.String `tfsdk:"creation_time"`
	InvocationStatus types.String `tfsdk:"invocation_status"`
	InvokeStatus     types.String `tfsdk:"invoke_status"`
	Parameters       types.Map    `tfsdk:"parameters"`
}

func invocationFromAPI(inv swasclient.Invocation, diags *diag.Diagnostics) invocationModel {
	// The script is compared with a configuration's after an import: only
	// an exact decoding will do.
	content, replaced, err := decodeOutput(inv.CommandContent)
	if err == nil && replaced > 0 {
		err = fmt.Errorf("%d bytes are not UTF-8 text", replaced)
	}
	if err != nil {
		content = inv.CommandContent
		diags.AddAttributeWarning(path.Root("invocations"), "Command content is not text",
			fmt.Sprintf("The command content of invocation %s cannot be decoded: %s. command_content holds the API's value as is.",
				inv.InvokeID, err))
	}
	parameters := make(map[string]string, len(inv.Parameters))
	for name, value := range inv.Parameters {
		if s, isString := value.(string); isString {
			parameters[name] = s
			continue
		}
		encoded, err := json.Marshal(value)
		if err != nil {
			encoded = []byte(fmt.Sprint(value))
		}
		parameters[name] = string(encoded)
	}
	parameterMap, mapDiags := types.MapValueFrom(context.Background(), types.StringType, parameters)
	diags.Append(mapDiags...)
	return invocationModel{
		InvokeID:         types.StringValue(inv.InvokeID),
		CommandName:      types.StringValue(inv.CommandName),
		CommandType:      types.StringValue(inv.CommandType),
		CommandContent:   types.StringValue(content),
		CreationTime:     types.StringValue(inv.CreationTime),
		InvocationStatus: types.StringValue(inv.InvocationStatus),
		InvokeStatus:     types.StringValue(inv.InvokeStatus),
		Parameters:       parameterMap,
	}
}
