package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ validator.String = endpointValidator{}

// endpointValidator rejects an endpoint the client could not use, at plan time.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an http or https URL with a host and no path, such as http://127.0.0.1:8080"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := swasclient.ParseEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(invalidEndpoint(req.Path, "endpoint", err))
	}
}

var _ validator.String = idValidator{}

// idValidator catches ids that cannot be right before any API call.
type idValidator struct {
	what    string
	pattern *regexp.Regexp
	example string
}

var (
	instanceIDValidator = idValidator{
		what:    "a SWAS instance ID",
		pattern: regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$`),
		example: "ace0706b2ac4454d984295a94213abcd",
	}
	invokeIDValidator = idValidator{
		what:    "a Cloud Assistant invoke ID",
		pattern: regexp.MustCompile(`^t-[A-Za-z0-9_-]{1,126}$`),
		example: "t-bj02prjhw1nabcd",
	}
	regionIDValidator = idValidator{
		what:    "a region ID",
		pattern: regionPattern,
		example: "cn-hangzhou",
	}
)

func (v idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be %s such as %s", v.what, v.example)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v idValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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
		fmt.Sprintf("%s %s. It must be %s, such as %s.", subject, predicate, v.what, v.example))
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

// problem says what is wrong with value, or "" when it may be right.
func (v idValidator) problem(value string) string {
	predicate, quoted := v.check(value)
	if quoted {
		return fmt.Sprintf("%q %s", value, predicate)
	}
	return predicate
}

// check says what is wrong with value, "" when it may be right, and
// whether saying so should quote the value.
func (v idValidator) check(value string) (predicate string, quoted bool) {
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
