// Package auth turns the provider's credential settings and the process
// environment into a credentials-go credential chain.
//
// # Precedence
//
// Resolve searches two tiers, the provider block first and the environment
// second, and within each tier tries the base sources in this order:
//
//  1. static keys: access_key + secret_key (+ security_token, which makes it
//     an STS credential); in the environment ALIBABA_CLOUD_ACCESS_KEY_ID +
//     ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN), else
//     ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY (+ ALICLOUD_SECURITY_TOKEN).
//  2. an Alibaba Cloud CLI profile: profile / shared_credentials_file; in the
//     environment, first the SDKs' ini-format credentials file when
//     ALIBABA_CLOUD_CREDENTIALS_FILE names it (section ALIBABA_CLOUD_PROFILE,
//     else "default"), then ALIBABA_CLOUD_PROFILE / ALICLOUD_PROFILE and
//     ALIBABA_CLOUD_CONFIG_FILE / ALICLOUD_SHARED_CREDENTIALS_FILE.
//  3. OIDC (RRSA): the assume_role_with_oidc block; in the environment
//     ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE +
//     ALIBABA_CLOUD_ROLE_ARN (+ ALIBABA_CLOUD_ROLE_SESSION_NAME).
//  4. an ECS RAM role: ecs_role_name; in the environment
//     ALIBABA_CLOUD_ECS_METADATA / ALICLOUD_ECS_ROLE_NAME.
//
// Anything set in the provider block therefore beats anything in the
// environment, even a source earlier in the list: a profile attribute wins
// over access keys exported in the shell. When neither tier names a source,
// the current profile of $HOME/.aliyun/config.json is used if that file
// exists (ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true turns this off); it comes
// last because its mere existence is a weaker signal than any setting.
//
// Where both families name the same setting, the ALIBABA_CLOUD_* variable
// wins. It is the convention of credentials-go, the aliyun CLI and the SDKs,
// so a shell set up for them means the same here; the alicloud provider
// prefers ALICLOUD_*, which only matters when both are set and differ. The
// key variables of one family are used together and never paired with the
// other family's, so a stale half of one pair is reported, not mixed in.
//
// Parameters fall back to the environment one by one, as in the alicloud
// provider: profile and shared_credentials_file (the variables above);
// assume_role role_arn, session_name and session_expiration
// (ALIBABA_CLOUD_ROLE_ARN / ALICLOUD_ASSUME_ROLE_ARN,
// ALIBABA_CLOUD_ROLE_SESSION_NAME / ALICLOUD_ASSUME_ROLE_SESSION_NAME,
// ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION); assume_role_with_oidc
// oidc_provider_arn, role_arn, oidc_token_file and role_session_name (the
// OIDC variables above); and sts_endpoint (ALIBABA_CLOUD_STS_ENDPOINT /
// ALICLOUD_STS_ENDPOINT, the names the aliyun CLI and the alicloud OSS
// backend use). Session names default to DefaultSessionName and expirations
// to DefaultSessionExpiration.
//
// The base credential is then used to assume a RAM role when the
// assume_role block is present, or when ALIBABA_CLOUD_ROLE_ARN or
// ALICLOUD_ASSUME_ROLE_ARN is set. ALIBABA_CLOUD_ROLE_ARN is the RRSA
// variable too, so it is not used for assume_role when the base is OIDC or
// ALIBABA_CLOUD_OIDC_PROVIDER_ARN is set; otherwise the OIDC role would be
// assumed a second time.
//
// ALIBABA_CLOUD_CREDENTIALS_FILE names credentials-go's ini file, not the
// CLI's config.json (that is ALIBABA_CLOUD_CONFIG_FILE), so the two are
// separate sources; credentials-go reads the variable itself, from the
// process environment.
//
// credentials-go still reads a few switches from the process environment on
// its own: ALIBABA_CLOUD_STS_REGION and ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED
// (when no STS endpoint is set), ALIBABA_CLOUD_OIDC_TOKEN (used instead of
// the token file when set), ALIBABA_CLOUD_ECS_METADATA_DISABLED,
// ALIBABA_CLOUD_IMDSV1_DISABLED and, for an explicitly configured profile,
// ALIBABA_CLOUD_CLI_PROFILE_DISABLED.
//
// # No network at resolve time
//
// Every provider used here (static, CLI profile, RAM role ARN, OIDC, ECS RAM
// role) only stores its settings when built; credentials-go calls STS or the
// instance metadata service on the first GetCredential. The CLI config file
// is read once by Resolve, to report a missing file, a malformed file or an
// unknown profile early and without echoing the file (credentials-go's own
// parse error quotes the whole file, secrets included), and read again by
// credentials-go on first use.
package auth

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
)

// Settings holds the provider block's credential attributes; "" means unset.
type Settings struct {
	AccessKey, SecretKey, SecurityToken string
	Profile, SharedCredentialsFile      string
	ECSRoleName                         string
	STSEndpoint                         string
	AssumeRole                          *AssumeRole
	AssumeRoleWithOIDC                  *AssumeRoleWithOIDC
}

// AssumeRole is the assume_role block. SessionExpiration is in seconds,
// 0 meaning the default.
type AssumeRole struct {
	RoleARN, SessionName, ExternalID, Policy string
	SessionExpiration                        int
}

// AssumeRoleWithOIDC is the assume_role_with_oidc block. SessionExpiration
// is in seconds, 0 meaning the default.
type AssumeRoleWithOIDC struct {
	OIDCProviderARN, RoleARN, OIDCTokenFile, RoleSessionName, Policy string
	SessionExpiration                                                int
}

// Kind is the type of the base credential.
type Kind string

// The base credential kinds, named as credentials-go names the types.
const (
	KindAccessKey  Kind = "access_key"
	KindSTS        Kind = "sts"
	KindCLIProfile Kind = "cli_profile"
	// KindCredentialsFile is a section of the ini-format credentials file.
	KindCredentialsFile Kind = "profile"
	KindOIDC            Kind = "oidc_role_arn"
	KindECSRAMRole      Kind = "ecs_ram_role"
)

const (
	// DefaultSessionName is the role session name when none is configured;
	// it makes the provider's calls recognisable in ActionTrail.
	DefaultSessionName = "terraform-provider-swas"
	// DefaultSessionExpiration is the STS session length in seconds when none
	// is configured (the STS default).
	DefaultSessionExpiration = 3600

	// STS accepts 900 s up to the role's MaxSessionDuration, at most 12 h.
	minSessionExpiration = 900
	maxSessionExpiration = 43200
)

// Plan is what Resolve assembled, without secrets.
type Plan struct {
	Kind Kind
	// ProfileName and ProfileFile are set for KindCLIProfile, where
	// ProfileName is the file's current profile when none was configured,
	// and for KindCredentialsFile.
	ProfileName, ProfileFile string
	// ECSRoleName is set for KindECSRAMRole.
	ECSRoleName string
	// OIDC is set for KindOIDC, with defaults applied.
	OIDC *AssumeRoleWithOIDC
	// AssumeRole is set when the base credential assumes a role, with
	// defaults applied.
	AssumeRole *AssumeRole
	// STSEndpoint is the host used for AssumeRole and AssumeRoleWithOIDC;
	// "" leaves the choice to credentials-go (sts.aliyuncs.com, or the
	// region in ALIBABA_CLOUD_STS_REGION).
	STSEndpoint string
}

// Resolved is the credential chosen by Resolve.
type Resolved struct {
	// Source says where the credential came from, for logs; never a secret.
	Source string
	// Credential fetches lazily; pass it to openapiutil.Config.Credential.
	Credential credentials.Credential
	Plan       Plan
}

// ErrNoCredentials is returned, possibly wrapped, when no source is configured.
//
//nolint:staticcheck // ST1005: the message is shown to people as is, in sentences.
var ErrNoCredentials = errors.New(`no Alibaba Cloud credentials found. Supply them in one of these ways:
  - provider block: access_key and secret_key (plus security_token for STS credentials)
  - environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN),
    or ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (plus ALICLOUD_SECURITY_TOKEN)
  - Alibaba Cloud CLI profile: profile and shared_credentials_file, or ALIBABA_CLOUD_PROFILE / ALICLOUD_PROFILE
    and ALIBABA_CLOUD_CONFIG_FILE / ALICLOUD_SHARED_CREDENTIALS_FILE (default file ~/.aliyun/config.json, written by "aliyun configure")
  - the SDKs' ini credentials file: ALIBABA_CLOUD_CREDENTIALS_FILE, with the section in ALIBABA_CLOUD_PROFILE (default "default")
  - OIDC (RRSA): an assume_role_with_oidc block, or ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE and ALIBABA_CLOUD_ROLE_ARN
  - ECS RAM role: ecs_role_name, or ALIBABA_CLOUD_ECS_METADATA / ALICLOUD_ECS_ROLE_NAME
An assume_role block (or ALIBABA_CLOUD_ROLE_ARN / ALICLOUD_ASSUME_ROLE_ARN) assumes a RAM role with one of these; it is not a credential by itself.`)

// PrecedenceDescription explains the credential precedence for schema
// descriptions and docs.
const PrecedenceDescription = "Credentials are looked up in the provider block first and in the environment second. " +
	"In each, the order is: static keys (`access_key`/`secret_key`, with `security_token` for STS; " +
	"`ALIBABA_CLOUD_ACCESS_KEY_ID`/`ALIBABA_CLOUD_ACCESS_KEY_SECRET`/`ALIBABA_CLOUD_SECURITY_TOKEN` or " +
	"`ALICLOUD_ACCESS_KEY`/`ALICLOUD_SECRET_KEY`/`ALICLOUD_SECURITY_TOKEN`), " +
	"then an Alibaba Cloud CLI profile (`profile`/`shared_credentials_file`; `ALIBABA_CLOUD_PROFILE` or `ALICLOUD_PROFILE` " +
	"and `ALIBABA_CLOUD_CONFIG_FILE` or `ALICLOUD_SHARED_CREDENTIALS_FILE`; the file defaults to `~/.aliyun/config.json`; " +
	"in the environment the ini-format credentials file named by `ALIBABA_CLOUD_CREDENTIALS_FILE` comes first), " +
	"then OIDC/RRSA (`assume_role_with_oidc`; `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE` and `ALIBABA_CLOUD_ROLE_ARN`), " +
	"then an ECS RAM role (`ecs_role_name`; `ALIBABA_CLOUD_ECS_METADATA` or `ALICLOUD_ECS_ROLE_NAME`). " +
	"If nothing is set, the current profile of `~/.aliyun/config.json` is used when that file exists. " +
	"When both variable families are set, `ALIBABA_CLOUD_*` wins. " +
	"Unset `profile` and `shared_credentials_file` fall back to their variables above; " +
	"in `assume_role`, `role_arn`, `session_name` and `session_expiration` fall back to " +
	"`ALIBABA_CLOUD_ROLE_ARN`/`ALICLOUD_ASSUME_ROLE_ARN`, `ALIBABA_CLOUD_ROLE_SESSION_NAME`/`ALICLOUD_ASSUME_ROLE_SESSION_NAME` " +
	"and `ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION`; in `assume_role_with_oidc`, the ARNs, token file and session name fall back to " +
	"the OIDC variables above and `ALIBABA_CLOUD_ROLE_SESSION_NAME`; `sts_endpoint` falls back to " +
	"`ALIBABA_CLOUD_STS_ENDPOINT`/`ALICLOUD_STS_ENDPOINT`. " +
	"An `assume_role` block, or `ALIBABA_CLOUD_ROLE_ARN` (when not used for OIDC) or `ALICLOUD_ASSUME_ROLE_ARN`, " +
	"assumes that RAM role using the credential found above."

// Environment variables read through getenv.
const (
	envAccessKeyID        = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	envAccessKeySecret    = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	envSecurityToken      = "ALIBABA_CLOUD_SECURITY_TOKEN"
	envProfile            = "ALIBABA_CLOUD_PROFILE"
	envConfigFile         = "ALIBABA_CLOUD_CONFIG_FILE"
	envCredentialsFile    = "ALIBABA_CLOUD_CREDENTIALS_FILE"
	envCLIProfileDisabled = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED"
	envRoleARN            = "ALIBABA_CLOUD_ROLE_ARN"
	envRoleSessionName    = "ALIBABA_CLOUD_ROLE_SESSION_NAME"
	envOIDCProviderARN    = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"
	envOIDCTokenFile      = "ALIBABA_CLOUD_OIDC_TOKEN_FILE"
	envECSMetadata        = "ALIBABA_CLOUD_ECS_METADATA"
	envSTSEndpoint        = "ALIBABA_CLOUD_STS_ENDPOINT"

	envAlicloudAccessKey                = "ALICLOUD_ACCESS_KEY"
	envAlicloudSecretKey                = "ALICLOUD_SECRET_KEY"
	envAlicloudSecurityToken            = "ALICLOUD_SECURITY_TOKEN"
	envAlicloudProfile                  = "ALICLOUD_PROFILE"
	envAlicloudSharedCredentialsFile    = "ALICLOUD_SHARED_CREDENTIALS_FILE"
	envAlicloudAssumeRoleARN            = "ALICLOUD_ASSUME_ROLE_ARN"
	envAlicloudAssumeRoleSessionName    = "ALICLOUD_ASSUME_ROLE_SESSION_NAME"
	envAlicloudAssumeRoleSessionExpires = "ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"
	envAlicloudECSRoleName              = "ALICLOUD_ECS_ROLE_NAME"
	envAlicloudSTSEndpoint              = "ALICLOUD_STS_ENDPOINT"
)

// Resolve picks the credential source as described in the package
// documentation and assembles the credentials-go chain for it. It makes no
// network calls. getenv is os.Getenv in production; nil means os.Getenv.
func Resolve(s Settings, getenv func(string) string) (*Resolved, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	r := &resolver{s: s, getenv: getenv}

	endpoint, err := r.stsEndpoint()
	if err != nil {
		return nil, err
	}
	r.endpoint = endpoint

	b, err := r.base()
	if err != nil {
		return nil, err
	}
	role, roleFrom, err := r.assumeRole(b != nil && b.plan.Kind == KindOIDC)
	if err != nil {
		return nil, err
	}
	if b == nil {
		if role != nil {
			return nil, fmt.Errorf("%s sets a role to assume, but there is no credential to assume it with: %w", roleFrom, ErrNoCredentials)
		}
		return nil, ErrNoCredentials
	}

	b.plan.STSEndpoint = endpoint
	if role == nil {
		return &Resolved{
			Source:     b.source,
			Credential: credentials.FromCredentialsProvider(string(b.plan.Kind), b.provider),
			Plan:       b.plan,
		}, nil
	}

	p, err := providers.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(b.provider).
		WithRoleArn(role.RoleARN).
		WithRoleSessionName(role.SessionName).
		WithExternalId(role.ExternalID).
		WithPolicy(role.Policy).
		WithDurationSeconds(role.SessionExpiration).
		WithStsEndpoint(endpoint).
		Build()
	if err != nil {
		return nil, fmt.Errorf("assume_role: %w", err)
	}
	b.plan.AssumeRole = role
	return &Resolved{
		Source:     fmt.Sprintf("%s, assuming role %s (%s)", b.source, role.RoleARN, roleFrom),
		Credential: credentials.FromCredentialsProvider("ram_role_arn", p),
		Plan:       b.plan,
	}, nil
}

type resolver struct {
	s        Settings
	getenv   func(string) string
	endpoint string
}

// base is a base credential before any role is assumed.
type base struct {
	plan     Plan
	source   string
	provider providers.CredentialsProvider
}

func (r *resolver) base() (*base, error) {
	steps := []func() (*base, error){
		r.staticFromBlock, r.profileFromBlock, r.oidcFromBlock, r.ecsFromBlock,
		r.staticFromEnv, r.credentialsFileFromEnv, r.profileFromEnv, r.oidcFromEnv, r.ecsFromEnv,
		r.defaultProfile,
	}
	for _, step := range steps {
		b, err := step()
		if b != nil || err != nil {
			return b, err
		}
	}
	return nil, nil
}

// first returns the first non-empty variable among names, and its name.
func (r *resolver) first(names ...string) (value, name string) {
	for _, n := range names {
		if v := r.getenv(n); v != "" {
			return v, n
		}
	}
	return "", ""
}

// orEnv returns attr if set, else the first non-empty variable among names;
// from names the attribute or variable the value came from.
func (r *resolver) orEnv(attr, attrName string, names ...string) (value, from string) {
	if attr != "" {
		return attr, attrName
	}
	return r.first(names...)
}

// fill sets an unset *field from the first non-empty variable among names.
func (r *resolver) fill(field *string, names ...string) {
	if *field == "" {
		*field, _ = r.first(names...)
	}
}

func (r *resolver) staticFromBlock() (*base, error) {
	return static(r.s.AccessKey, r.s.SecretKey, r.s.SecurityToken,
		[3]string{"access_key", "secret_key", "security_token"}, "the provider block")
}

func (r *resolver) staticFromEnv() (*base, error) {
	// The first family with any key variable set supplies the whole set.
	for _, names := range [][3]string{
		{envAccessKeyID, envAccessKeySecret, envSecurityToken},
		{envAlicloudAccessKey, envAlicloudSecretKey, envAlicloudSecurityToken},
	} {
		id, secret, token := r.getenv(names[0]), r.getenv(names[1]), r.getenv(names[2])
		if id != "" || secret != "" || token != "" {
			return static(id, secret, token, names, "the environment")
		}
	}
	return nil, nil
}

// static builds an access key or STS credential; names are the id, secret
// and token attribute or variable names, for errors and the source.
func static(id, secret, token string, names [3]string, origin string) (*base, error) {
	switch {
	case id == "" && secret == "" && token == "":
		return nil, nil
	case id == "" && secret == "":
		return nil, fmt.Errorf("incomplete STS credentials in %s: %s is set but %s and %s are empty; "+
			"a security token only works with the temporary access key pair issued with it, so set all three or unset %s",
			origin, names[2], names[0], names[1], names[2])
	case id == "" || secret == "":
		set, unset := names[0], names[1]
		if id == "" {
			set, unset = unset, set
		}
		return nil, fmt.Errorf("incomplete access key in %s: %s is set but %s is empty; set both %s and %s, or unset %s to use another credential source",
			origin, set, unset, names[0], names[1], set)
	}

	if token == "" {
		p, err := providers.NewStaticAKCredentialsProviderBuilder().
			WithAccessKeyId(id).WithAccessKeySecret(secret).Build()
		if err != nil {
			return nil, err
		}
		return &base{
			plan:     Plan{Kind: KindAccessKey},
			source:   fmt.Sprintf("access key from %s (%s, %s)", origin, names[0], names[1]),
			provider: p,
		}, nil
	}
	p, err := providers.NewStaticSTSCredentialsProviderBuilder().
		WithAccessKeyId(id).WithAccessKeySecret(secret).WithSecurityToken(token).Build()
	if err != nil {
		return nil, err
	}
	return &base{
		plan:     Plan{Kind: KindSTS},
		source:   fmt.Sprintf("STS token from %s (%s, %s, %s)", origin, names[0], names[1], names[2]),
		provider: p,
	}, nil
}

func (r *resolver) ecsFromBlock() (*base, error) {
	return ecsRole(r.s.ECSRoleName, "ecs_role_name")
}

func (r *resolver) ecsFromEnv() (*base, error) {
	return ecsRole(r.first(envECSMetadata, envAlicloudECSRoleName))
}

func ecsRole(name, from string) (*base, error) {
	if name == "" {
		return nil, nil
	}
	p, err := providers.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(name).Build()
	if err != nil {
		return nil, fmt.Errorf("ECS RAM role %q from %s: %w", name, from, err)
	}
	return &base{
		plan:     Plan{Kind: KindECSRAMRole, ECSRoleName: name},
		source:   fmt.Sprintf("ECS RAM role %q from instance metadata (%s)", name, from),
		provider: p,
	}, nil
}

func (r *resolver) oidcFromBlock() (*base, error) {
	if r.s.AssumeRoleWithOIDC == nil {
		return nil, nil
	}
	return r.oidc(*r.s.AssumeRoleWithOIDC, "the assume_role_with_oidc block")
}

func (r *resolver) oidcFromEnv() (*base, error) {
	if r.getenv(envOIDCProviderARN) == "" && r.getenv(envOIDCTokenFile) == "" {
		return nil, nil
	}
	return r.oidc(AssumeRoleWithOIDC{}, "the environment")
}

func (r *resolver) oidc(o AssumeRoleWithOIDC, origin string) (*base, error) {
	r.fill(&o.OIDCProviderARN, envOIDCProviderARN)
	r.fill(&o.RoleARN, envRoleARN)
	r.fill(&o.OIDCTokenFile, envOIDCTokenFile)
	r.fill(&o.RoleSessionName, envRoleSessionName)

	var missing []string
	for _, f := range []struct{ value, attr, env string }{
		{o.OIDCProviderARN, "oidc_provider_arn", envOIDCProviderARN},
		{o.RoleARN, "role_arn", envRoleARN},
		{o.OIDCTokenFile, "oidc_token_file", envOIDCTokenFile},
	} {
		if f.value == "" {
			missing = append(missing, fmt.Sprintf("assume_role_with_oidc.%s (or %s)", f.attr, f.env))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("incomplete OIDC (RRSA) configuration in %s: set %s", origin, strings.Join(missing, ", "))
	}
	if o.RoleSessionName == "" {
		o.RoleSessionName = DefaultSessionName
	}
	var err error
	if o.SessionExpiration, err = sessionExpiration(o.SessionExpiration, "assume_role_with_oidc.session_expiration"); err != nil {
		return nil, err
	}

	p, err := providers.NewOIDCCredentialsProviderBuilder().
		WithOIDCProviderARN(o.OIDCProviderARN).
		WithRoleArn(o.RoleARN).
		WithOIDCTokenFilePath(o.OIDCTokenFile).
		WithRoleSessionName(o.RoleSessionName).
		WithPolicy(o.Policy).
		WithDurationSeconds(o.SessionExpiration).
		WithSTSEndpoint(r.endpoint).
		Build()
	if err != nil {
		return nil, fmt.Errorf("OIDC (RRSA) from %s: %w", origin, err)
	}
	return &base{
		plan:     Plan{Kind: KindOIDC, OIDC: &o},
		source:   fmt.Sprintf("OIDC role %s with token file %s (%s)", o.RoleARN, o.OIDCTokenFile, origin),
		provider: p,
	}, nil
}

// assumeRole returns the role to assume on top of the base credential, or
// nil, and where it was configured.
func (r *resolver) assumeRole(baseIsOIDC bool) (*AssumeRole, string, error) {
	roleVars := []string{envAlicloudAssumeRoleARN}
	if !baseIsOIDC && r.getenv(envOIDCProviderARN) == "" {
		roleVars = []string{envRoleARN, envAlicloudAssumeRoleARN}
	}

	var a AssumeRole
	from := "the assume_role block"
	if r.s.AssumeRole != nil {
		a = *r.s.AssumeRole
	}
	if a.RoleARN == "" {
		var name string
		a.RoleARN, name = r.first(roleVars...)
		if r.s.AssumeRole == nil {
			if a.RoleARN == "" {
				return nil, "", nil
			}
			from = name
		}
	}
	if a.RoleARN == "" {
		return nil, "", fmt.Errorf("assume_role.role_arn is empty: set it, or set %s", strings.Join(roleVars, " or "))
	}

	r.fill(&a.SessionName, envRoleSessionName, envAlicloudAssumeRoleSessionName)
	if a.SessionName == "" {
		a.SessionName = DefaultSessionName
	}

	expirationFrom := "assume_role.session_expiration"
	if a.SessionExpiration == 0 {
		if v := r.getenv(envAlicloudAssumeRoleSessionExpires); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, "", fmt.Errorf("%s must be a number of seconds, got %q", envAlicloudAssumeRoleSessionExpires, v)
			}
			a.SessionExpiration, expirationFrom = n, envAlicloudAssumeRoleSessionExpires
		}
	}
	var err error
	if a.SessionExpiration, err = sessionExpiration(a.SessionExpiration, expirationFrom); err != nil {
		return nil, "", err
	}
	return &a, from, nil
}

// sessionExpiration applies the default and checks the range STS accepts,
// so a bad value fails at configure time rather than on the first call.
func sessionExpiration(seconds int, from string) (int, error) {
	if seconds == 0 {
		return DefaultSessionExpiration, nil
	}
	if seconds < minSessionExpiration || seconds > maxSessionExpiration {
		return 0, fmt.Errorf("%s must be between %d and %d seconds, got %d",
			from, minSessionExpiration, maxSessionExpiration, seconds)
	}
	return seconds, nil
}

// stsEndpoint returns the configured STS host. credentials-go takes a bare
// host and always uses HTTPS, so an https:// prefix is dropped and any other
// scheme or a path is rejected.
func (r *resolver) stsEndpoint() (string, error) {
	v, from := r.orEnv(r.s.STSEndpoint, "the sts_endpoint attribute", envSTSEndpoint, envAlicloudSTSEndpoint)
	host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(v), "https://"), "/")
	if strings.Contains(host, "/") {
		return "", fmt.Errorf("%s must be a host name such as sts.cn-hangzhou.aliyuncs.com (HTTPS is always used), got %q", from, v)
	}
	return host, nil
}
