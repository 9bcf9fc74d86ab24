// Package provider implements the SWAS provider for Terraform and OpenTofu.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openswas/terraform-provider-swas/internal/auth"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var _ provider.ProviderWithValidateConfig = (*swasProvider)(nil)

// Options are the provider's injected dependencies; tests replace them.
type Options struct {
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Wait tunes wait_for_completion; the zero value means the defaults.
	Wait swasclient.WaitOptions
}

type swasProvider struct {
	version string
	opts    Options
}

// New returns the provider factory that main serves.
func New(version string) func() provider.Provider {
	return NewWithOptions(version, Options{})
}

// NewWithOptions returns a provider factory with injected dependencies.
func NewWithOptions(version string, opts Options) func() provider.Provider {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Wait == (swasclient.WaitOptions{}) {
		opts.Wait = swasclient.DefaultWaitOptions
	}
	return func() provider.Provider {
		return &swasProvider{version: version, opts: opts}
	}
}

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

const defaultMaxRetries = 5

// Environment variables read for the non-credential settings; the
// credential ones are auth's.
var (
	regionEnv   = []string{"ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_REGION", "ALICLOUD_REGION"}
	endpointEnv = []string{"SWAS_ENDPOINT"}
)

var (
	regionPattern = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`)
	arnPattern    = regexp.MustCompile(`^acs:ram::[0-9]+:`)
)

func (p *swasProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "swas"
	resp.Version = p.version
}

func (p *swasProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	sessionExpiration := []validator.Int64{int64validator.Between(900, 43200)}
	resp.Schema = schema.Schema{
		Description: "The SWAS provider runs Cloud Assistant commands on Alibaba Cloud Simple Application Servers " +
			"(SWAS) and reads their results. " + auth.PrecedenceDescription,
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				Description: "The default region of every data source, e.g. `cn-hangzhou`. " +
					"Falls back to the environment variables `ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_REGION` " +
					"and `ALICLOUD_REGION`, in that order. A data source's own `region_id` overrides it.",
				Validators: []validator.String{regionIDValidator},
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				Description: "The URL of the SWAS API, overriding the regional default " +
					"`https://swas.<region>.aliyuncs.com`. Use `http://127.0.0.1:PORT` to reach the local SWAS emulator. " +
					"A bare host name means HTTPS. Falls back to the environment variable `SWAS_ENDPOINT`.",
				Validators: []validator.String{endpointValidator{}},
			},
			"access_key": schema.StringAttribute{
				Optional: true,
				Description: "The AccessKey ID. Falls back to `ALIBABA_CLOUD_ACCESS_KEY_ID`, then `ALICLOUD_ACCESS_KEY`. " +
					"Must be set together with `secret_key`.",
			},
			"secret_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The AccessKey secret. Falls back to `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, then " +
					"`ALICLOUD_SECRET_KEY`.",
			},
			"security_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The STS security token that goes with a temporary access key. Falls back to " +
					"`ALIBABA_CLOUD_SECURITY_TOKEN`, then `ALICLOUD_SECURITY_TOKEN`.",
			},
			"profile": schema.StringAttribute{
				Optional: true,
				Description: "The name of a profile in the Alibaba Cloud CLI's configuration file, used when no " +
					"access key is given. Falls back to `ALIBABA_CLOUD_PROFILE`, then `ALICLOUD_PROFILE`.",
			},
			"shared_credentials_file": schema.StringAttribute{
				Optional: true,
				Description: "The path of the Alibaba Cloud CLI's configuration file that holds `profile`. " +
					"Defaults to `~/.aliyun/config.json`; falls back to `ALIBABA_CLOUD_CONFIG_FILE`, then " +
					"`ALICLOUD_SHARED_CREDENTIALS_FILE`.",
			},
			"ecs_role_name": schema.StringAttribute{
				Optional: true,
				Description: "The RAM role attached to the ECS instance that runs OpenTofu or Terraform; its " +
					"credentials come from the instance metadata service. Falls back to `ALIBABA_CLOUD_ECS_METADATA`, " +
					"then `ALICLOUD_ECS_ROLE_NAME`.",
			},
			"sts_endpoint": schema.StringAttribute{
				Optional: true,
				Description: "The STS endpoint used to assume roles, e.g. `sts-vpc.cn-hangzhou.aliyuncs.com`. " +
					"Falls back to `ALIBABA_CLOUD_STS_ENDPOINT`, then `ALICLOUD_STS_ENDPOINT`; defaults to the public one.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("How many times a throttled or temporarily failed API call is retried, "+
					"with exponential backoff and jitter, within the data source's timeout. Errors that a retry "+
					"cannot fix (bad credentials, unknown ids) are never retried. Defaults to %d.", defaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 30)},
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				Description: "Assume a RAM role with the credentials found otherwise. Also configured by " +
					"`ALICLOUD_ASSUME_ROLE_ARN` and `ALICLOUD_ASSUME_ROLE_SESSION_NAME`.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:    true,
						Description: "The ARN of the role to assume, e.g. `acs:ram::123456789012:role/swas-reader`. Required in this block.",
						Validators:  []validator.String{stringvalidator.RegexMatches(arnPattern, "must be a RAM role ARN such as acs:ram::123456789012:role/NAME")},
					},
					"session_name": schema.StringAttribute{
						Optional:    true,
						Description: "The session name recorded in the role's audit trail. Defaults to `" + auth.DefaultSessionName + "`.",
					},
					"external_id": schema.StringAttribute{
						Optional:    true,
						Description: "The external ID the role's trust policy requires, if any.",
					},
					"session_expiration": schema.Int64Attribute{
						Optional:    true,
						Description: fmt.Sprintf("How long the assumed credentials last, in seconds (900 to 43200). Defaults to %d.", auth.DefaultSessionExpiration),
						Validators:  sessionExpiration,
					},
					"policy": schema.StringAttribute{
						Optional:    true,
						Description: "A JSON policy that further restricts the assumed role's permissions.",
					},
				},
			},
			"assume_role_with_oidc": schema.SingleNestedBlock{
				Description: "Assume a RAM role with an OIDC token (RRSA on Container Service for Kubernetes). " +
					"Also configured by `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_ROLE_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.",
				Attributes: map[string]schema.Attribute{
					"oidc_provider_arn": schema.StringAttribute{
						Optional:    true,
						Description: "The ARN of the OIDC identity provider. Required in this block.",
					},
					"role_arn": schema.StringAttribute{
						Optional:    true,
						Description: "The ARN of the role to assume. Required in this block.",
						Validators:  []validator.String{stringvalidator.RegexMatches(arnPattern, "must be a RAM role ARN such as acs:ram::123456789012:role/NAME")},
					},
					"oidc_token_file": schema.StringAttribute{
						Optional:    true,
						Description: "The path of the file that holds the OIDC token. Required in this block.",
					},
					"role_session_name": schema.StringAttribute{
						Optional:    true,
						Description: "The session name recorded in the role's audit trail.",
					},
					"session_expiration": schema.Int64Attribute{
						Optional:    true,
						Description: "How long the assumed credentials last, in seconds (900 to 43200).",
						Validators:  sessionExpiration,
					},
					"policy": schema.StringAttribute{
						Optional:    true,
						Description: "A JSON policy that further restricts the assumed role's permissions.",
					},
				},
			},
		},
	}
}

func (p *swasProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	data := &providerData{
		region: p.firstSet(config.Region, regionEnv),
		wait:   p.opts.Wait,
	}
	clientConfig := swasclient.Config{
		MaxRetries: defaultMaxRetries,
		UserAgent:  "terraform-provider-swas/" + p.version,
	}
	if !config.MaxRetries.IsNull() && !config.MaxRetries.IsUnknown() {
		clientConfig.MaxRetries = int(config.MaxRetries.ValueInt64())
	}
	if raw := p.firstSet(config.Endpoint, endpointEnv); raw != "" {
		endpoint, err := swasclient.ParseEndpoint(raw)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid endpoint",
				fmt.Sprintf("The SWAS endpoint %s. Set it to a URL such as http://127.0.0.1:8080.", err))
			return
		}
		clientConfig.Endpoint = &endpoint
	}

	if unknown := unknownAttributes(config); len(unknown) > 0 {
		// Values computed by other resources are known only at apply; until
		// then reads fail with this explanation instead of guessing.
		clientConfig.CredentialError = fmt.Errorf("the provider configuration (%v) depends on values that are "+
			"not known until apply; make them known at plan time, e.g. with variables", unknown)
	} else {
		resolved, err := auth.Resolve(p.settings(config), p.opts.Getenv)
		switch {
		case errors.Is(err, auth.ErrNoCredentials):
			clientConfig.CredentialError = err
		case err != nil:
			resp.Diagnostics.AddError("Invalid Alibaba Cloud credential settings", err.Error())
			return
		default:
			clientConfig.Credential = resolved.Credential
			tflog.Info(ctx, "Configured SWAS provider", map[string]any{
				"region":            data.region,
				"credential_source": resolved.Source,
			})
		}
	}

	data.client = swasclient.New(clientConfig)
	resp.DataSourceData = data
	resp.ResourceData = data
}

// ValidateConfig catches incomplete settings at plan time, pointing at the
// attribute to fix.
func (p *swasProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	requireTogether(resp, config.AccessKey, path.Root("access_key"), config.SecretKey, path.Root("secret_key"))
	requireTogether(resp, config.SecretKey, path.Root("secret_key"), config.AccessKey, path.Root("access_key"))
	if r := config.AssumeRole; r != nil {
		requireInBlock(resp, r.RoleARN, path.Root("assume_role").AtName("role_arn"))
	}
	if o := config.AssumeRoleWithOIDC; o != nil {
		block := path.Root("assume_role_with_oidc")
		requireInBlock(resp, o.OIDCProviderARN, block.AtName("oidc_provider_arn"))
		requireInBlock(resp, o.RoleARN, block.AtName("role_arn"))
		requireInBlock(resp, o.OIDCTokenFile, block.AtName("oidc_token_file"))
	}
}

func requireTogether(resp *provider.ValidateConfigResponse, set types.String, setPath path.Path, other types.String, otherPath path.Path) {
	if set.ValueString() != "" && other.IsNull() {
		resp.Diagnostics.AddAttributeError(otherPath, "Incomplete access key",
			fmt.Sprintf("%s is set but %s is not. Set both, or neither to use the environment or another credential source.", setPath, otherPath))
	}
}

func requireInBlock(resp *provider.ValidateConfigResponse, value types.String, at path.Path) {
	if value.IsNull() {
		resp.Diagnostics.AddAttributeError(at, "Missing required argument",
			fmt.Sprintf("%s is required when its block is present.", at))
	}
}

// firstSet returns the configured value or else the first environment
// variable that is set.
func (p *swasProvider) firstSet(value types.String, env []string) string {
	if v := value.ValueString(); v != "" {
		return v
	}
	for _, name := range env {
		if v := p.opts.Getenv(name); v != "" {
			return v
		}
	}
	return ""
}

func (p *swasProvider) settings(config providerModel) auth.Settings {
	s := auth.Settings{
		AccessKey:             config.AccessKey.ValueString(),
		SecretKey:             config.SecretKey.ValueString(),
		SecurityToken:         config.SecurityToken.ValueString(),
		Profile:               config.Profile.ValueString(),
		SharedCredentialsFile: config.SharedCredentialsFile.ValueString(),
		ECSRoleName:           config.ECSRoleName.ValueString(),
		STSEndpoint:           config.STSEndpoint.ValueString(),
	}
	if r := config.AssumeRole; r != nil {
		s.AssumeRole = &auth.AssumeRole{
			RoleARN:           r.RoleARN.ValueString(),
			SessionName:       r.SessionName.ValueString(),
			ExternalID:        r.ExternalID.ValueString(),
			Policy:            r.Policy.ValueString(),
			SessionExpiration: int(r.SessionExpiration.ValueInt64()),
		}
	}
	if o := config.AssumeRoleWithOIDC; o != nil {
		s.AssumeRoleWithOIDC = &auth.AssumeRoleWithOIDC{
			OIDCProviderARN:   o.OIDCProviderARN.ValueString(),
			RoleARN:           o.RoleARN.ValueString(),
			OIDCTokenFile:     o.OIDCTokenFile.ValueString(),
			RoleSessionName:   o.RoleSessionName.ValueString(),
			Policy:            o.Policy.ValueString(),
			SessionExpiration: int(o.SessionExpiration.ValueInt64()),
		}
	}
	return s
}

// unknownAttributes lists the credential settings not known yet.
func unknownAttributes(config providerModel) []string {
	var unknown []string
	for name, v := range map[string]types.String{
		"access_key":              config.AccessKey,
		"secret_key":              config.SecretKey,
		"security_token":          config.SecurityToken,
		"profile":                 config.Profile,
		"shared_credentials_file": config.SharedCredentialsFile,
		"ecs_role_name":           config.ECSRoleName,
		"sts_endpoint":            config.STSEndpoint,
		"region":                  config.Region,
		"endpoint":                config.Endpoint,
	} {
		if v.IsUnknown() {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	return unknown
}

func (p *swasProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewInvocationResultDataSource,
		NewInvocationsDataSource,
	}
}

func (p *swasProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewRunCommandResource,
	}
}
