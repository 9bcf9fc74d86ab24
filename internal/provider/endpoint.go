package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
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

// invalidEndpoint is the diagnostic of an endpoint setting, the attribute
// or its environment variable, that ParseEndpoint refuses.
func invalidEndpoint(at path.Path, setting string, err error) diag.Diagnostic {
	name := framework.SettingName(setting)
	return diag.NewAttributeErrorDiagnostic(at, "Invalid "+setting, fmt.Sprintf("%s is not a usable SWAS endpoint: %s. Set it to a URL such as "+
		"https://swas.cn-hangzhou.aliyuncs.com or http://127.0.0.1:8080, or unset it to use the region's endpoint.",
		strings.ToUpper(name[:1])+name[1:], err))
}
