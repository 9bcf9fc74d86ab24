package shellquote_test

import (
	"bytes"
	"context"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/openswas/terraform-provider-swas/internal/provider/shellquote"
)

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ value, want string }{
		{"", "''"},
		{"plain", "'plain'"},
		{"two words", "'two words'"},
		{"it's", `'it'\''s'`},
		{"'", `''\'''`},
		{"''", `''\'''\'''`},
		{"$(rm -rf /); `id`", "'$(rm -rf /); `id`'"},
		{"line\nbreak", "'line\nbreak'"},
		{`back\slash "double"`, `'back\slash "double"'`},
		{"é and 漢字", "'é and 漢字'"},
	} {
		got, err := shellquote.Quote(tc.value)
		if err != nil || got != tc.want {
			t.Errorf("Quote(%q) = %q, %v; want %q", tc.value, got, err, tc.want)
		}
	}
}

func TestQuoteRefusesNUL(t *testing.T) {
	_, err := shellquote.Quote("a\x00b")
	if err == nil || !strings.Contains(err.Error(), "NUL character (at byte 1)") {
		t.Errorf("Quote with NUL: %v, want an error naming the NUL character", err)
	}
}

// TestFunctionRun runs the function as the framework does: the result,
// and an error on the argument for a value no shell can hold.
func TestFunctionRun(t *testing.T) {
	run := func(value string) *function.RunResponse {
		req := function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{types.StringValue(value)})}
		resp := &function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
		shellquote.NewFunction().Run(context.Background(), req, resp)
		return resp
	}
	resp := run("it's")
	if resp.Error != nil {
		t.Fatalf("Run: %v", resp.Error)
	}
	if got := resp.Result.Value().(basetypes.StringValue).ValueString(); got != `'it'\''s'` {
		t.Errorf("result = %q", got)
	}
	resp = run("\x00")
	if resp.Error == nil || resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 0 {
		t.Errorf("Run with NUL: %+v, want an error on argument 0", resp.Error)
	}
}

// FuzzQuote holds Quote to its promise: a shell given the quoted value as
// printf's argument prints the value back, byte for byte.
func FuzzQuote(f *testing.F) {
	if runtime.GOOS == "windows" {
		f.Skip("needs /bin/sh")
	}
	for _, seed := range []string{"", "it's", "'", "$(id); `id` && echo $HOME", "a\nb\r\n", "\\", "%s %d", "-n", "é\xff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		quoted, err := shellquote.Quote(value)
		if strings.IndexByte(value, 0) >= 0 {
			if err == nil {
				t.Fatalf("Quote(%q) = %q, want an error for the NUL character", value, quoted)
			}
			return
		}
		if err != nil {
			t.Fatalf("Quote(%q): %v", value, err)
		}
		var stdout, stderr bytes.Buffer
		sh := exec.CommandContext(t.Context(), "/bin/sh", "-c", "printf %s "+quoted)
		sh.Stdout, sh.Stderr = &stdout, &stderr
		if err := sh.Run(); err != nil {
			t.Fatalf("sh -c 'printf %%s %s': %v\n%s", quoted, err, stderr.Bytes())
		}
		if !bytes.Equal(stdout.Bytes(), []byte(value)) {
			t.Fatalf("printed %q, want %q (quoted %q)", stdout.Bytes(), value, quoted)
		}
	})
}
