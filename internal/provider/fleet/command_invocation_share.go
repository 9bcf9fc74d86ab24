package fleet

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// share is max_concurrency or max_errors: a number of servers, or a
// percentage of instance_ids, as SSM's MaxConcurrency and MaxErrors take.
type share struct {
	n       int
	percent bool
}

// parseShare reads a whole number, or a whole percentage from 0% to 100%.
func parseShare(s string) (share, bool) {
	digits, percent := strings.CutSuffix(s, "%")
	if digits == "" || strings.TrimLeft(digits, "0123456789") != "" || len(digits) > 7 {
		return share{}, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || percent && n > 100 {
		return share{}, false
	}
	return share{n: n, percent: percent}, true
}

// servers is the share of total servers: a percentage rounds up for
// max_concurrency, so that 10% of 5 servers runs one at a time, and down
// for max_errors, so that 10% of 15 servers tolerates one failure.
func (s share) servers(total int, roundUp bool) int {
	if !s.percent {
		return s.n
	}
	if roundUp {
		return (s.n*total + 99) / 100
	}
	return s.n * total / 100
}

// shareValidator checks max_concurrency (least 1) or max_errors (least 0)
// at plan time.
type shareValidator struct {
	least int
	// means is what the value says, for the error.
	means string
}

var _ validator.String = shareValidator{}

func (v shareValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a whole number of servers, at least %d, or a percentage of instance_ids from %d%% to 100%%", v.least, v.least)
}

func (v shareValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v shareValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	s, ok := parseShare(value)
	example := fmt.Sprintf("Write a whole number of servers, such as 10, or a percentage of instance_ids, such as \"10%%\", "+
		"for %s.", v.means)
	switch {
	case !ok && strings.HasSuffix(value, "%"):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid percentage", fmt.Sprintf("%s is %q, which is not a "+
			"whole percentage from %d%% to 100%%. %s", req.Path, value, v.least, example))
	case !ok:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s is %q, which is "+
			"neither a whole number nor a percentage. %s", req.Path, value, example))
	case s.n < v.least:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s is %q, but at least "+
			"%d server must run at a time, or no batch would ever start. %s", req.Path, value, v.least, example))
	}
}
