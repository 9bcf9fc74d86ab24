package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

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
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint",
			fmt.Sprintf("The SWAS endpoint is not usable: %s. Set it to a URL such as https://swas.cn-hangzhou.aliyuncs.com or http://127.0.0.1:8080.", err))
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
	if problem := v.problem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("The value %s. It must be %s, such as %s.", problem, v.what, v.example))
	}
}

// problem says what is wrong with value, or "" when it may be right.
func (v idValidator) problem(value string) string {
	switch {
	case value == "":
		return "is empty"
	case strings.TrimSpace(value) == "":
		return "is only white space"
	case strings.TrimSpace(value) != value:
		return fmt.Sprintf("%q has leading or trailing white space", value)
	case !v.pattern.MatchString(value):
		return fmt.Sprintf("%q is not %s", value, v.what)
	}
	return ""
}
