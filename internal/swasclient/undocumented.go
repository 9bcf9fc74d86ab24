package swasclient

import (
	"encoding/base64"
	"unicode/utf8"
)

// Where SWAS's reference is silent on what comes back, the client reads
// the answer either way (the emulator's Undocumented answers each way for
// the tests).

// canonicalBase64 decodes s if it is exactly what base64 encodes: padded,
// without line breaks or spaces, which Go's decoder would skip.
func canonicalBase64(s string) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil && base64.StdEncoding.EncodeToString(b) == s
}

// fleetOutputBase64 is a server's Output in DescribeCommandInvocations as
// base64. The reference gives that Output no encoding ("The command
// output.", example "OutputMsg"), where DescribeInvocationResult's is
// base64 (example "YWRtaW4K"). An Output that is canonical base64 is taken
// as encoded, anything else as plain text and encoded: output that is
// plain but canonical base64 (letters, digits, + and / only, a multiple of
// four long, no line feed) would be misread.
func fleetOutputBase64(output string) string {
	if _, ok := canonicalBase64(output); ok {
		return output
	}
	return base64.StdEncoding.EncodeToString([]byte(output))
}

// Script is the command's script as plain text. The reference does not say
// whether DescribeCommands returns CommandContent as saved or
// base64-encoded, as ECS's DescribeCommands does by default. When saved,
// the script known to be saved, is given, a Content that is it either way
// is it; otherwise a Content that is canonical base64 of UTF-8 text is
// decoded.
func (cmd *Command) Script(saved string) string {
	if saved != "" && (cmd.Content == saved || cmd.Content == base64.StdEncoding.EncodeToString([]byte(saved))) {
		return saved
	}
	if b, ok := canonicalBase64(cmd.Content); ok && utf8.Valid(b) {
		return string(b)
	}
	return cmd.Content
}
