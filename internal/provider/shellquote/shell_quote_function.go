// Package shellquote is the provider function shell_quote, which makes a
// value safe to substitute into a shell script as one word.
package shellquote

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = (*shellQuoteFunction)(nil)

// shellQuoteFunction is provider::swas::shell_quote.
type shellQuoteFunction struct{}

// NewFunction returns provider::swas::shell_quote.
func NewFunction() function.Function { return &shellQuoteFunction{} }

func (f *shellQuoteFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "shell_quote"
}

func (f *shellQuoteFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Quotes a value as one word for a POSIX shell",
		MarkdownDescription: "Returns `value` in POSIX shell single quotes, each `'` in it written `'\\''`, so " +
			"that a shell reads it back as one word, byte for byte, whatever it holds: spaces, quotes, `$(...)`, " +
			"`;` or line breaks. Cloud Assistant substitutes a `{{name}}` parameter into a script as plain text, " +
			"so a value that is not quoted so can run shell. Write the placeholder bare in the script " +
			"(`printf %s {{name}}`, not `'{{name}}'`) and pass `provider::swas::shell_quote(value)` in " +
			"`parameters` or `parameters_wo`. Fails on a value holding the NUL character, which no shell word " +
			"can hold. For shell scripts (`RunShellScript`) only; PowerShell quotes differently.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "value",
				MarkdownDescription: "The text to quote.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *shellQuoteFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var value string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &value))
	if resp.Error != nil {
		return
	}
	quoted, err := Quote(value)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, quoted))
}

// Quote is value in single quotes for a POSIX shell: inside them every
// byte is literal but the quote itself, which closes them, is written
// as an escaped quote between two quoted runs ('\”).
func Quote(value string) (string, error) {
	if i := strings.IndexByte(value, 0); i >= 0 {
		return "", fmt.Errorf("the value holds the NUL character (at byte %d), which a shell cannot pass in a "+
			"word; remove it", i)
	}
	return "'" + strings.ReplaceAll(value, "'", `'\''`) + "'", nil
}
