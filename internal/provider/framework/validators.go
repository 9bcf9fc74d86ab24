package framework

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ validator.String = IDValidator{}

// IDValidator catches ids that cannot be right before any API call.
type IDValidator struct {
	what    string
	pattern *regexp.Regexp
	// Example is an id of the kind, for messages.
	Example string
}

var (
	RegionIDValidator = IDValidator{
		what:    "a region ID",
		pattern: regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`),
		Example: "cn-hangzhou",
	}
	InstanceIDValidator = IDValidator{
		what:    "a SWAS instance ID",
		pattern: regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$`),
		Example: "ace0706b2ac4454d984295a94213abcd",
	}
	InvokeIDValidator = IDValidator{
		what:    "a Cloud Assistant invoke ID",
		pattern: regexp.MustCompile(`^t-[A-Za-z0-9_-]{1,126}$`),
		Example: "t-bj02prjhw1nabcd",
	}
	CommandIDValidator = IDValidator{
		what:    "a command ID",
		pattern: regexp.MustCompile(`^c-[A-Za-z0-9_-]{1,126}$`),
		Example: "c-hz01272yr52abcd",
	}
)

func (v IDValidator) Description(context.Context) string {
	return fmt.Sprintf("must be %s such as %s", v.what, v.Example)
}

func (v IDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v IDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	predicate, quoted := v.check(value)
	if predicate == "" {
		return
	}
	title, subject := "Invalid "+req.Path.String(), "The value"
	if set, ok := setElement(req.Path); ok {
		title, subject = "Invalid element of "+set, "An element of "+set
		if quoted {
			subject += fmt.Sprintf(", %q,", value)
		}
	} else if quoted {
		subject += fmt.Sprintf(" %q", value)
	}
	resp.Diagnostics.AddAttributeError(req.Path, title,
		fmt.Sprintf("%s %s. It must be %s, such as %s.", subject, predicate, v.what, v.Example))
}

// setElement is the name of the set whose element p is, if it is one: a
// set element's own path shows its value, as in instance_ids[Value("")].
func setElement(p path.Path) (string, bool) {
	last, _ := p.Steps().LastStep()
	if _, ok := last.(path.PathStepElementKeyValue); !ok {
		return "", false
	}
	return p.ParentPath().String(), true
}

// Problem says what is wrong with value, or "" when it may be right, for
// ids that come from elsewhere than an attribute: an import ID, the
// environment.
func (v IDValidator) Problem(value string) string {
	predicate, quoted := v.check(value)
	if quoted {
		return fmt.Sprintf("%q %s", value, predicate)
	}
	return predicate
}

// check says what is wrong with value, "" when it may be right, and
// whether saying so should quote the value.
func (v IDValidator) check(value string) (predicate string, quoted bool) {
	switch {
	case value == "":
		return "is empty", false
	case strings.TrimSpace(value) == "":
		return "is only white space", false
	case strings.TrimSpace(value) != value:
		return "has leading or trailing white space", true
	case !v.pattern.MatchString(value):
		return "is not " + v.what, true
	}
	return "", false
}

// parameterName is what a custom parameter's name may be.
var parameterName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ParameterValidators check a command's custom parameters: at most limit
// of them, each named as the API allows.
func ParameterValidators(limit int) []validator.Map {
	return []validator.Map{
		mapvalidator.SizeAtMost(limit),
		mapvalidator.KeysAre(stringvalidator.RegexMatches(parameterName,
			"must be letters, digits, _ and - only, at most 64 characters")),
	}
}

var _ validator.String = durationValidator{}

// durationValidator checks a key of a timeouts block at plan time: a
// duration longer than zero that Go can hold. It replaces the timeouts
// package's check, which takes zero and negative durations and calls one
// out of range a bad format.
type durationValidator struct{}

// durationSyntax is what time.ParseDuration reads, whatever the size.
var durationSyntax = regexp.MustCompile(`^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`)

func (durationValidator) Description(context.Context) string {
	return `must be a duration longer than zero, such as "30s", "10m" or "1h30m"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(value)
	var problem string
	switch {
	case err != nil && durationSyntax.MatchString(value):
		problem = "out of range: a duration is at most 2562047h, about 292 years"
	case err != nil:
		problem = "not a duration: a duration is numbers with units (ns, us, ms, s, m, h)"
	case d <= 0:
		problem = "not longer than zero"
	default:
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s is %q, which is %s. "+
		"Set a duration longer than zero, such as \"30s\", \"10m\" or \"1h30m\", or leave it out for the default.",
		req.Path, value, problem))
}
