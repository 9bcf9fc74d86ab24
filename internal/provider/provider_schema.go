package provider

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openswas/terraform-provider-swas/internal/auth"
	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

type providerModel struct {
	Region                types.String             `tfsdk:"region"`
	Endpoint              types.String             `tfsdk:"endpoint"`
	AccessKey             types.String             `tfsdk:"access_key"`
	SecretKey             types.String             `tfsdk:"secret_key"`
	SecurityToken         types.String             `tfsdk:"security_token"`
	Profile               types.String             `tfsdk:"profile"`
	SharedCredentialsFile types.String             `tfsdk:"shared_credentials_file"`
	ECSRoleName           types.String             `tfsdk:"ecs_role_name"`
	STSEndpoint           types.String             `tfsdk:"sts_endpoint"`
	MaxRetries            types.Int64              `tfsdk:"max_retries"`
	MaxRequestsPerSecond  types.Float64            `tfsdk:"max_requests_per_second"`
	AssumeRole            *assumeRoleModel         `tfsdk:"assume_role"`
	AssumeRoleWithOIDC    *assumeRoleWithOIDCModel `tfsdk:"assume_role_with_oidc"`
}

type assumeRoleModel struct {
	RoleARN           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	ExternalID        types.String `tfsdk:"external_id"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	Policy            types.String `tfsdk:"policy"`
}

type assumeRoleWithOIDCModel struct {
	OIDCProviderARN   types.String `tfsdk:"oidc_provider_arn"`
	RoleARN           types.String `tfsdk:"role_arn"`
	OIDCTokenFile     types.String `tfsdk:"oidc_token_file"`
	RoleSessionName   types.String `tfsdk:"role_session_name"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	Policy            types.String `tfsdk:"policy"`
}

var (
	roleARNValidators = []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^acs:ram::[0-9]+:`),
		"must be a RAM role ARN such as acs:ram::123456789012:role/NAME")}
	sessionExpirationValidators = []validator.Int64{
		int64validator.Between(auth.MinSessionExpiration, auth.MaxSessionExpiration)}
)

const defaultMaxRetries = 5

// The bounds of max_requests_per_second: one request a minute, and far
// above any quota.
const (
	minRequestsPerSecond = 1.0 / 60
	maxRequestsPerSecond = 1000
)

// Environment variables read for the non-credential settings; the
// credential ones are auth's.
var (
	regionEnv               = []string{"ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_REGION", "ALICLOUD_REGION"}
	endpointEnv             = []string{"SWAS_ENDPOINT"}
	maxRequestsPerSecondEnv = []string{"SWAS_MAX_REQUESTS_PER_SECOND"}
)

// providerSchema is the provider block. The credential settings are
// described by auth's table of them, so that their environment variables
// and precedence are written in one place.
func providerSchema() schema.Schema {
	return schema.Schema{
		Description: "The SWAS provider runs Cloud Assistant commands on Alibaba Cloud Simple Application Servers " +
			"(SWAS) and reads their results. " + auth.PrecedenceDescription,
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				Description: "The default region of every data source, e.g. `cn-hangzhou`. " +
					"Falls back to the environment variables " + codeList(regionEnv) + ", in that order. " +
					"A data source's own `region_id` overrides it.",
				Validators: []validator.String{framework.RegionIDValidator},
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				Description: "The URL of the SWAS API, overriding the regional default " +
					"`https://swas.<region>.aliyuncs.com`. Use `http://127.0.0.1:PORT` to reach the local SWAS emulator. " +
					"A bare host name means HTTPS. Falls back to the environment variable " + codeList(endpointEnv) + ".",
				Validators: []validator.String{endpointValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("How many times a temporarily failed API call (a 5xx answer, a dropped "+
					"connection) is retried, with exponential backoff and jitter, within the data source's timeout. "+
					"Throttled calls do not count: the provider paces them, or retries with backoff those its rate "+
					"does not cause, until the timeout. Errors that a retry cannot fix (bad credentials, unknown ids) "+
					"are never retried. Defaults to %d.", defaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 30)},
			},
			"max_requests_per_second": schema.Float64Attribute{
				Optional: true,
				Description: "The most API requests per second the provider sends for each API action and access " +
					"key, e.g. `2` or `0.5`. Unset, the provider sends as fast as OpenTofu or Terraform asks until the " +
					"API throttles it, then paces itself to the rate the API accepts. Set it when you know your quota, or " +
					"share it with other tools, so that no request is throttled at all. Falls back to the environment " +
					"variable " + codeList(maxRequestsPerSecondEnv) + ".",
				Validators: []validator.Float64{float64validator.Between(minRequestsPerSecond, maxRequestsPerSecond)},
			},
			"access_key":              credentialAttribute("access_key"),
			"secret_key":              sensitiveCredentialAttribute("secret_key"),
			"security_token":          sensitiveCredentialAttribute("security_token"),
			"profile":                 credentialAttribute("profile"),
			"shared_credentials_file": credentialAttribute("shared_credentials_file"),
			"ecs_role_name":           credentialAttribute("ecs_role_name"),
			"sts_endpoint":            credentialAttribute("sts_endpoint"),
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				Description: auth.Description("assume_role"),
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:    true,
						Description: auth.Description("assume_role.role_arn"),
						Validators:  roleARNValidators,
					},
					"session_name": credentialAttribute("assume_role.session_name"),
					"external_id":  credentialAttribute("assume_role.external_id"),
					"session_expiration": schema.Int64Attribute{
						Optional:    true,
						Description: auth.Description("assume_role.session_expiration"),
						Validators:  sessionExpirationValidators,
					},
					"policy": credentialAttribute("assume_role.policy"),
				},
			},
			"assume_role_with_oidc": schema.SingleNestedBlock{
				Description: auth.Description("assume_role_with_oidc"),
				Attributes: map[string]schema.Attribute{
					"oidc_provider_arn": credentialAttribute("assume_role_with_oidc.oidc_provider_arn"),
					"role_arn": schema.StringAttribute{
						Optional:    true,
						Description: auth.Description("assume_role_with_oidc.role_arn"),
						Validators:  roleARNValidators,
					},
					"oidc_token_file":   credentialAttribute("assume_role_with_oidc.oidc_token_file"),
					"role_session_name": credentialAttribute("assume_role_with_oidc.role_session_name"),
					"session_expiration": schema.Int64Attribute{
						Optional:    true,
						Description: auth.Description("assume_role_with_oidc.session_expiration"),
						Validators:  sessionExpirationValidators,
					},
					"policy": credentialAttribute("assume_role_with_oidc.policy"),
				},
			},
		},
	}
}

// credentialAttribute is the optional string credential setting at path in
// the provider block, described by auth.
func credentialAttribute(path string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Description: auth.Description(path)}
}

// sensitiveCredentialAttribute is a credentialAttribute holding a secret.
func sensitiveCredentialAttribute(path string) schema.StringAttribute {
	a := credentialAttribute(path)
	a.Sensitive = true
	return a
}

// codeList quotes names as code and lists them as in a sentence.
func codeList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}
