package emulator

import "encoding/base64"

// Undocumented chooses how the emulator answers where SWAS's reference and
// the SDK are silent, so that tests can hold the provider to working with
// every answer the API might give. The zero value is the emulator's
// reading.
//
// What the reference says, in the SDK's doc comments (v3.0.0) and the API
// reference pages they are generated from:
//   - DescribeCommandInvocations' Output is "The command output.", example
//     "OutputMsg": no encoding is stated, where DescribeInvocationResult's
//     example is base64 ("YWRtaW4K") and DescribeInvocations states
//     "Base64-encoded" for CommandContent. The emulator sends base64.
//   - DescribeCommands' CommandContent is "The content of the command.",
//     example "cat /etc/ssh/sshd_config", as is DescribeCommandInvocations';
//     ECS's DescribeCommands returns it base64-encoded unless asked
//     otherwise (its ContentEncoding, "Default value: Base64"), which
//     SWAS's request does not have. The emulator sends it as it was saved.
//   - What DescribeCommands returns as WorkingDir for a command saved
//     without one is not stated; CreateCommand's WorkingDir documents a
//     default (/root for Linux). The emulator sends "".
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
