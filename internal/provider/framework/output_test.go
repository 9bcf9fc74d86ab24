package framework

import (
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeOutput(t *testing.T) {
	// A long output as the agent cuts it, keeping its first 6,000 bytes and
	// its end: the head ends with the first byte of an "é".
	printed := "a" + strings.Repeat("é", 20000)
	cut := printed[:6000] + printed[len(printed)-18576:]
	tests := map[string]struct {
		raw      string // the output's bytes, or with encoded, the API's value
		encoded  string
		want     string
		replaced int
		fails    bool
	}{
		"reference sample":        {encoded: "YWRtaW4K", want: "admin\n"},
		"empty":                   {raw: "", want: ""},
		"multi-byte UTF-8":        {encoded: "w6lsw6h2ZQo=", want: "élève\n"},
		"invalid base64":          {encoded: "not base64!", fails: true},
		"truncated padding":       {encoded: "YWRtaW4", fails: true},
		"not UTF-8":               {encoded: "/w==", want: "\uFFFD", replaced: 1},
		"cut in a character":      {raw: cut, want: printed[:5999] + "\uFFFD" + printed[len(printed)-18576:], replaced: 1},
		"split both sides":        {raw: "ab\xe2" + "\xacz", want: "ab\uFFFDz", replaced: 2},
		"truncated at the end":    {raw: "done \xe2\x82", want: "done \uFFFD", replaced: 2},
		"two runs":                {raw: "\xffa\xfeb", want: "\uFFFDa\uFFFDb", replaced: 2},
		"U+FFFD printed is valid": {raw: "\uFFFD", want: "\uFFFD"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			encoded := tt.encoded
			if encoded == "" {
				encoded = base64.StdEncoding.EncodeToString([]byte(tt.raw))
			}
			got, replaced, err := DecodeOutput(encoded)
			if (err != nil) != tt.fails || got != tt.want || replaced != tt.replaced {
				t.Errorf("DecodeOutput(%q) = %q, %d, %v; want %q, %d, failing %v", encoded, got, replaced, err, tt.want, tt.replaced, tt.fails)
			}
		})
	}
}

func TestReplacedBytesDetail(t *testing.T) {
	if got := ReplacedBytesDetail("invocation t-1", 1); !strings.HasPrefix(got, "1 byte of the output of invocation t-1 is not UTF-8 text.") {
		t.Errorf("one byte: %q", got)
	}
	if got := ReplacedBytesDetail("invocation t-1", 3); !strings.HasPrefix(got, "3 bytes of the output of invocation t-1 are not UTF-8 text.") {
		t.Errorf("three bytes: %q", got)
	}
}

func TestLastLines(t *testing.T) {
	if got := LastLines("a\nb\nc\nd\n", 2); got != "c\nd" {
		t.Errorf("LastLines = %q, want %q", got, "c\nd")
	}
	if got := LastLines("only\n", 5); got != "only" {
		t.Errorf("LastLines = %q, want %q", got, "only")
	}
}

// FuzzDecodeOutput: any string the API may send decodes to UTF-8 text, which
// encodes back to the same bytes unless some were replaced, and then only
// they differ; or it is refused with a reason; never a panic.
func FuzzDecodeOutput(f *testing.F) {
	for _, seed := range []string{"YWRtaW4K", "", "/w==", "not base64!", "YWRtaW4", "w6lsw6h2ZQo=", "====", "YQ==\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		text, replaced, err := DecodeOutput(encoded)
		if err != nil {
			if text != "" || replaced != 0 {
				t.Fatalf("DecodeOutput(%q) failed (%v) with text %q and %d replaced", encoded, err, text, replaced)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("DecodeOutput(%q) = %q, not UTF-8", encoded, text)
		}
		raw, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			t.Fatalf("DecodeOutput(%q) decoded what base64 refuses: %v", encoded, err)
		}
		if utf8.Valid(raw) != (replaced == 0) {
			t.Fatalf("DecodeOutput(%q) replaced %d bytes of %q", encoded, replaced, raw)
		}
		if replaced == 0 && string(raw) != text {
			t.Fatalf("DecodeOutput(%q) = %q, but the bytes are %q", encoded, text, raw)
		}
		if replaced > 0 && text != strings.ToValidUTF8(string(raw), "\uFFFD") {
			t.Fatalf("DecodeOutput(%q) = %q changed more than the bytes that are not UTF-8", encoded, text)
		}
	})
}
