// Package provider implements the SWAS provider for Terraform and OpenTofu.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openswas/terraform-provider-swas/internal/auth"
	"github.com/openswas/terraform-provider-swas/internal/provider/cloudassistant"
	"github.com/openswas/terraform-provider-swas/internal/provider/fleet"
	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
	"github.com/openswas/terraform-provider-swas/internal/provider/invocations"
	"github.com/openswas/terraform-provider-swas/internal/provider/runcommand"
	"github.com/openswas/terraform-provider-swas/internal/provider/shellquote"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

var (
	_ provider.ProviderWithValidateConfig     = (*swasProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*swasProvider)(nil)
	_ provider.ProviderWithFunctions          = (*swasProvider)(nil)
	_ provider.ProviderWithListResources      = (*swasProvider)(nil)
	_ provider.ProviderWithActions            = (*swasProvider)(nil)
)

// Options are the provider's injected dependencies; tests replace them.
type Options struct {
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Wait tunes wait_for_completion; the zero value means the defaults.
	Wait swasclient.WaitOptions
	// Pacer spaces the API calls of every provider the factory makes; nil
	// means one new pacer for them all.
	Pacer *swasclient.Pacer
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
	// One pacer per process: it must see the whole plan's traffic.
	if opts.Pacer == nil {
		opts.Pacer = swasclient.NewPacer()
	}
	return func() provider.Provider {
		return &swasProvider{version: version, opts: opts}
	}
}

// Model is the struct the provider block's values are read into.
func (p *swasProvider) Model() any { return &providerModel{} }

// Schema describes the provider block.
func (p *swasProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func (p *swasProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "swas"
	resp.Version = p.version
}

func (p *swasProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	region, regionSetting := p.firstSetFrom(config.Region, "region", regionEnv)
	if problem := framework.RegionIDValidator.Problem(region); region != "" && regionSetting != "region" && problem != "" {
		// The attribute's validator checked the attribute.
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Invalid "+regionSetting,
			fmt.Sprintf("The environment variable %s is not a region ID: the value %s. Set it to a region ID such as "+
				"%s, or set the provider's region.", regionSetting, problem, framework.RegionIDValidator.Example))
		return
	}
	clientConfig, ok := p.clientConfig(config, &resp.Diagnostics)
	if !ok {
		return
	}
	if err := p.resolveCredentials(ctx, config, region, &clientConfig); err != nil {
		resp.Diagnostics.AddError("Invalid Alibaba Cloud credential settings", err.Error())
		return
	}

	data := &framework.ProviderData{
		Client: swasclient.New(clientConfig),
		Region: region,
		Wait:   p.opts.Wait,
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// clientConfig is the client's configuration without credentials.
func (p *swasProvider) clientConfig(config providerModel, diags *diag.Diagnostics) (swasclient.Config, bool) {
	clientConfig := swasclient.Config{
		MaxRetries: defaultMaxRetries,
		UserAgent:  "terraform-provider-swas/" + p.version,
		Pacer:      p.opts.Pacer,
	}
	if !config.MaxRetries.IsNull() && !config.MaxRetries.IsUnknown() {
		clientConfig.MaxRetries = int(config.MaxRetries.ValueInt64())
	}
	if raw, setting := p.firstSetFrom(config.Endpoint, "endpoint", endpointEnv); raw != "" {
		endpoint, err := swasclient.ParseEndpoint(raw)
		if err != nil {
			diags.Append(invalidEndpoint(path.Root("endpoint"), setting, err))
			return clientConfig, false
		}
		endpoint.Setting = setting
		clientConfig.Endpoint = &endpoint
	}
	ceiling, ok := p.maxRequestsPerSecond(config.MaxRequestsPerSecond, diags)
	clientConfig.MaxRequestsPerSecond = ceiling
	return clientConfig, ok
}

// maxRequestsPerSecond is the setting, else its environment variable, else
// 0 for none.
func (p *swasProvider) maxRequestsPerSecond(setting types.Float64, diags *diag.Diagnostics) (float64, bool) {
	if !setting.IsNull() && !setting.IsUnknown() {
		return setting.ValueFloat64(), true
	}
	raw := p.firstSet(types.StringNull(), maxRequestsPerSecondEnv)
	if raw == "" {
		return 0, true
	}
	ceiling, err := strconv.ParseFloat(raw, 64)
	if err != nil || ceiling < minRequestsPerSecond || ceiling > maxRequestsPerSecond {
		diags.AddAttributeError(path.Root("max_requests_per_second"), "Invalid "+maxRequestsPerSecondEnv[0],
			fmt.Sprintf("%s is %q, which is not a number of requests per second between %g and %g. Set it to "+
				"a number such as 2 or 0.5, or unset it.", maxRequestsPerSecondEnv[0], raw, minRequestsPerSecond,
				float64(maxRequestsPerSecond)))
		return 0, false
	}
	return ceiling, true
}

// resolveCredentials sets the client's credential, or the reason it has
// none, which fails only the reads that need the API. The error is a
// setting that can never work.
func (p *swasProvider) resolveCredentials(ctx context.Context, config providerModel, region string, clientConfig *swasclient.Config) error {
	if unknown := unknownAttributes(config); len(unknown) > 0 {
		// Values computed by other resources are known only at apply; until
		// then reads fail with this explanation instead of guessing.
		clientConfig.CredentialError = fmt.Errorf("the provider configuration (%v) depends on values that are "+
			"not known until apply; make them known at plan time, e.g. with variables", unknown)
		return nil
	}
	resolved, err := auth.Resolve(p.settings(config), p.opts.Getenv)
	switch {
	case errors.Is(err, auth.ErrNoCredentials):
		clientConfig.CredentialError = err
	case err != nil:
		return err
	default:
		clientConfig.Credential = resolved.Credential
		tflog.Info(ctx, "Configured SWAS provider", map[string]any{
			"region":            region,
			"credential_source": resolved.Source,
		})
	}
	return nil
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
	v, _ := p.firstSetFrom(value, "", env)
	return v
}

// firstSetFrom is firstSet with where the value came from: attribute, or
// the name of the environment variable; "" when nothing is set.
func (p *swasProvider) firstSetFrom(value types.String, attribute string, env []string) (v, setting string) {
	if v := value.ValueString(); v != "" {
		return v, attribute
	}
	for _, name := range env {
		if v := p.opts.Getenv(name); v != "" {
			return v, name
		}
	}
	return "", ""
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

// The types the provider serves, each registered here once: the tests
// find every type through these lists.

func (p *swasProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		invocations.NewResultDataSource,
		invocations.NewDataSource,
		cloudassistant.NewDataSource,
		fleet.NewCommandsDataSource,
	}
}

func (p *swasProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		runcommand.NewResource,
		fleet.NewCommandResource,
		fleet.NewCommandInvocationResource,
	}
}

func (p *swasProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		invocations.NewResultEphemeralResource,
	}
}

func (p *swasProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		runcommand.NewListResource,
		fleet.NewCommandListResource,
	}
}

func (p *swasProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		runcommand.NewAction,
	}
}

func (p *swasProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		shellquote.NewFunction,
	}
}
