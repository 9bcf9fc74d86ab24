package provider

import (
	"encoding/base64"
	"testing"
	"unicode/utf8"
)

func TestDecodeOutput(t *testing.T) {
	tests := map[string]struct {
		encoded string
		want    string
		ok      bool
	}{
		"reference sample":  {encoded: "YWRtaW4K", want: "admin\n", ok: true},
		"empty":             {encoded: "", want: "", ok: true},
		"multi-byte UTF-8":  {encoded: "w6lsw6h2ZQo=", want: "élève\n", ok: true},
		"invalid base64":    {encoded: "not base64!", ok: false},
		"truncated padding": {encoded: "YWRtaW4", ok: false},
		"not UTF-8":         {encoded: "/w==", ok: false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok, reason := decodeOutput(tt.encoded)
			if ok != tt.ok || got != tt.want {
				t.Errorf("decodeOutput(%q) = %q, %v (%s); want %q, %v", tt.encoded, got, ok, reason, tt.want, tt.ok)
			}
			if !ok && reason == "" {
				t.Errorf("decodeOutput(%q) failed without a reason", tt.encoded)
			}
		})
	}
}

func TestLastLines(t *testing.T) {
	if got := lastLines("a\nb\nc\nd\n", 2); got != "c\nd" {
		t.Errorf("lastLines = %q, want %q", got, "c\nd")
	}
	if got := lastLines("only\n", 5); got != "only" {
		t.Errorf("lastLines = %q, want %q", got, "only")
	}
}

// FuzzDecodeOutput: any string the API may send decodes to UTF-8 text that
// encodes back to the same bytes, or is refused with a reason; never a panic.
func FuzzDecodeOutput(f *testing.F) {
	for _, seed := range []string{"YWRtaW4K", "", "/w==", "not base64!", "YWRtaW4", "w6lsw6h2ZQo=", "====", "YQ==\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		text, ok, reason := decodeOutput(encoded)
		if !ok {
			if reason == "" || text != "" {
				t.Fatalf("decodeOutput(%q) refused with text %q and reason %q", encoded, text, reason)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("decodeOutput(%q) = %q, not UTF-8", encoded, text)
		}
		raw, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil || string(raw) != text {
			t.Fatalf("decodeOutput(%q) = %q, but the bytes are %q (%v)", encoded, text, raw, err)
		}
	})
}
