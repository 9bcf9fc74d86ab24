package provider

import "testing"

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
