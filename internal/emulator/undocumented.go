package emulator

import "encoding/base64"

// Undocumented chooses how the emulator answers where SWAS's reference and
// the SDK are silent, so that tests can hold the provider to working with
// every answer the API might give. The zero value is the emulator's
// reading.
//
// What the reference says, in the SDK's doc comments (v3.0.0) and in the
// API reference pages generated from the same descriptions
// (alibabacloud.com/help/en/simple-application-server/developer-reference/
// api-swas-open-2020-06-01-describecommandinvocations and
// ...-describecommands):
//   - DescribeCommandInvocations' Output is "The command output.", example
//     "OutputMsg": no encoding is stated, where DescribeInvocationResult's
//     example is base64 ("YWRtaW4K") and DescribeInvocations states
//     "Base64-encoded" for its CommandContent. The emulator sends base64.
//   - DescribeCommands' CommandContent is "The content of the command.",
//     example "cat /etc/ssh/sshd_config", as is DescribeCommandInvocations'
//     ("echo 123"). ECS's DescribeCommands returns it base64-encoded unless
//     asked otherwise (ContentEncoding, "Default value: Base64", in the ECS
//     SDK alibabacloud-go/ecs-20140526/v7 v7.7.0), a parameter SWAS's
//     request does not have. The emulator sends it as it was saved.
//   - What DescribeCommands returns as WorkingDir for a command saved
//     without one is not stated (example "/home"); CreateCommand's
//     WorkingDir documents the default it runs in, /root for Linux. The
//     emulator sends "".
type Undocumented struct {
	// PlainFleetOutput sends DescribeCommandInvocations' Output as plain
	// text.
	PlainFleetOutput bool `json:"plainFleetOutput"`
	// Base64CommandContent sends the CommandContent of DescribeCommands and
	// DescribeCommandInvocations base64-encoded.
	Base64CommandContent bool `json:"base64CommandContent"`
	// DefaultWorkingDir is the WorkingDir DescribeCommands and
	// DescribeCommandInvocations send for a command saved without one,
	// e.g. "/root".
	DefaultWorkingDir string `json:"defaultWorkingDir"`
}

// commandContent is a saved command's script as DescribeCommands and
// DescribeCommandInvocations send it.
func (u Undocumented) commandContent(content string) string {
	if u.Base64CommandContent {
		return base64.StdEncoding.EncodeToString([]byte(content))
	}
	return content
}

// workingDir is a saved command's working directory as they send it.
func (u Undocumented) workingDir(dir string) string {
	if dir == "" {
		return u.DefaultWorkingDir
	}
	return dir
}

// fleetOutput is a server's output, as a view holds it (base64, or a raw
// output verbatim), as DescribeCommandInvocations sends it.
func (u Undocumented) fleetOutput(output string) string {
	if !u.PlainFleetOutput {
		return output
	}
	if plain, err := base64.StdEncoding.DecodeString(output); err == nil {
		return string(plain)
	}
	return output
}
