package swasclient

import (
	"encoding/base64"

	"github.com/alibabacloud-go/tea/dara"
)

// The limits of the command actions, for the provider to check at plan
// time, each as the doc comment of its request field in the SDK
// (swas-open-20200601/v3 v3.0.0) states it, or ECS's documentation of the
// same agent where SWAS's is silent. The API enforces them; checking them
// first turns a failed apply into a plan that names the attribute.
const (
	// MaxRunCommandParameters: RunCommandRequest.Parameters, "Number of
	// custom parameters ranges from 0 to 20".
	MaxRunCommandParameters = 20
	// MaxInvokeCommandParameters: InvokeCommandRequest.Parameters, "You can
	// specify up to 10 custom parameters".
	MaxInvokeCommandParameters = 10
	// MaxRunCommandBytes: RunCommandRequest.Parameters, "After custom
	// parameters and original command content are encoded in Base64, the
	// command cannot exceed 16 KB in size".
	MaxRunCommandBytes = 16 * 1024
	// MaxInvokeCommandBytes: InvokeCommandRequest.Parameters, "The total
	// length of the custom parameters and the original command cannot
	// exceed 18 KB after they are encoded in Base64".
	MaxInvokeCommandBytes = 18 * 1024
	// MaxSavedCommandBytes is the script of CreateCommand once
	// base64-encoded. SWAS documents no limit; ECS's CreateCommand does:
	// "The value must be Base64-encoded and cannot exceed 18 KB in size"
	// (ECS SDK alibabacloud-go/ecs-20140526/v7 v7.7.0,
	// CreateCommandRequest.CommandContent). A saved command must fit
	// InvokeCommand's 18 KB with its parameters anyway.
	MaxSavedCommandBytes = 18 * 1024
	// MaxInvokeUsername: InvokeCommandRequest.Username, "The username
	// cannot exceed 255 characters in length", and it applies to Linux
	// servers only.
	MaxInvokeUsername = 255
	// MaxInvokeInstances: InvokeCommandRequest.InstanceIds, "up to 50 IDs".
	MaxInvokeInstances = 50
)

// CommandSize is what the size limits of RunCommand and InvokeCommand
// measure: the script and its parameters, as the request carries them
// (Parameters as one JSON object, absent when there are none), once
// base64-encoded. The reference does not say whether the two are encoded
// together or apart, which differs by at most 4 bytes; together is what
// the emulator measures too.
func CommandSize(content string, parameters map[string]string) int {
	return base64.StdEncoding.EncodedLen(len(content) + len(parametersJSON(parameters)))
}

// parametersJSON is Parameters as the SDK sends it, a JSON object without
// HTML escaping (dara.Stringify), or "" when there are none.
func parametersJSON(parameters map[string]string) string {
	if len(parameters) == 0 {
		return ""
	}
	return dara.Stringify(parameters)
}
