package framework

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"
)

// DecodeOutput turns the API's base64 Output into text. Bytes that are not
// UTF-8, such as a character split where the API cut a long output, are
// replaced with U+FFFD, one for each run of them, and counted in replaced;
// the rest is decoded as it is. err says why there is no text at all.
func DecodeOutput(encoded string) (text string, replaced int, err error) {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", 0, fmt.Errorf("it is not valid base64 (%w)", err)
	}
	if utf8.Valid(raw) {
		return string(raw), 0, nil
	}
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			replaced++
		}
		i += size
	}
	return strings.ToValidUTF8(string(raw), string(utf8.RuneError)), replaced, nil
}

// ReplacedBytesDetail explains, for a warning, the bytes DecodeOutput
// replaced in the output of what names the invocation.
func ReplacedBytesDetail(what string, replaced int) string {
	bytes, are := "bytes", "are"
	if replaced == 1 {
		bytes, are = "byte", "is"
	}
	return fmt.Sprintf("%d %s of the output of %s %s not UTF-8 text. That happens where the API cut a long "+
		"output (Cloud Assistant keeps its first 6,000 bytes and its end) in the middle of a character, and with "+
		"output in another encoding. In output, each run of them is replaced with U+FFFD (%c), and the rest is "+
		"decoded as is; output_base64 holds the output exactly as the API returned it.",
		replaced, bytes, what, are, utf8.RuneError)
}

// LastLines returns at most n trailing lines of text, for error messages.
func LastLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
