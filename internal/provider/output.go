package provider

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// decodeOutput turns the API's base64 Output into text. ok is false, with
// the reason, when the bytes cannot be shown as text without loss.
func decodeOutput(encoded string) (text string, ok bool, reason string) {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", false, "it is not valid base64 (" + err.Error() + ")"
	}
	if !utf8.Valid(raw) {
		return "", false, "the command printed bytes that are not UTF-8 text"
	}
	return string(raw), true, ""
}

// lastLines returns at most n trailing lines of text, for error messages.
func lastLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
