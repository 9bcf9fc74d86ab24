// Package auth turns the provider's credential settings and the process
// environment into a credentials-go credential chain.
//
// Every setting and environment variable it reads is in one table, in
// settings.go: the resolver reads the variables through it, and
// ErrNoCredentials, PrecedenceDescription and the provider's schema
// descriptions are written from it. A test holds this documentation and the
// provider's to the table.
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
	"fmt"
	"os"
	"slices"
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

// CredentialType is the type of the base credential, as credentials-go
// names it.
type CredentialType string

// The types of base credential.
const (
	TypeAccessKey  CredentialType = "access_key"
	TypeSTS        CredentialType = "sts"
	TypeCLIProfile CredentialType = "cli_profile"
	// TypeCredentialsFile is a section of the ini-format credentials file.
	TypeCredentialsFile CredentialType = "profile"
	TypeOIDC            CredentialType = "oidc_role_arn"
	TypeECSRAMRole      CredentialType = "ecs_ram_role"
)

const (
	// DefaultSessionName is the role session name when none is configured;
	// it makes the provider's calls recognisable in ActionTrail.
	DefaultSessionName = "terraform-provider-swas"
	// DefaultSessionExpiration is the STS session length in seconds when none
	// is configured (the STS default).
	DefaultSessionExpiration = 3600

	// MinSessionExpiration and MaxSessionExpiration bound the session
	// length STS accepts: 900 s up to the role's MaxSessionDuration, at most
	// 12 h.
	MinSessionExpiration = 900
	MaxSessionExpiration = 43200
)

// Plan is what Resolve assembled, without secrets.
type Plan struct {
	Type CredentialType
	// ProfileName and ProfileFile are set for TypeCLIProfile, where
	// ProfileName is the file's current profile when none was configured,
	// and for TypeCredentialsFile.
	ProfileName, ProfileFile string
	// ECSRoleName is set for TypeECSRAMRole.
	ECSRoleName string
	// OIDC is set for TypeOIDC, with defaults applied.
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
	role, roleFrom, err := r.assumeRole(b != nil && b.plan.Type == TypeOIDC)
	if err != nil {
		return nil, err
	}
	if b == nil && role != nil {
		return nil, fmt.Errorf("%s sets a role to assume, but there is no credential to assume it with: %w", roleFrom, ErrNoCredentials)
	}
	if b == nil {
		return nil, ErrNoCredentials
	}
	b.plan.STSEndpoint = endpoint
	if role == nil {
		return &Resolved{
			Source:     b.source,
			Credential: credentials.FromCredentialsProvider(string(b.plan.Type), b.provider),
			Plan:       b.plan,
		}, nil
	}
	return b.assuming(role, roleFrom)
}

// assuming is the base credential assuming role, configured in roleFrom.
func (b *base) assuming(role *AssumeRole, roleFrom string) (*Resolved, error) {
	p, err := providers.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(b.provider).
		WithRoleArn(role.RoleARN).
		WithRoleSessionName(role.SessionName).
		WithExternalId(role.ExternalID).
		WithPolicy(role.Policy).
		WithDurationSeconds(role.SessionExpiration).
		WithStsEndpoint(b.plan.STSEndpoint).
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

// base tries the sources in the order of the table, in the provider block
// first and in the environment second, then the last resort.
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

// env returns the setting's first variable that is set, and its name.
func (r *resolver) env(id settingID) (value, name string) {
	return r.first(variables(id)...)
}

// anySet reports whether any variable of the settings is set.
func (r *resolver) anySet(ids ...settingID) bool {
	for _, id := range ids {
		if v, _ := r.env(id); v != "" {
			return true
		}
	}
	return false
}

// orEnv returns attr if set, else the setting's first variable that is set;
// from names the attribute or variable the value came from.
func (r *resolver) orEnv(attr string, id settingID) (value, from string) {
	if attr != "" {
		return attr, "the " + lookup(id).attribute + " attribute"
	}
	return r.env(id)
}

// fallBackToEnv sets *field, when it is unset, from the setting's variables.
func (r *resolver) fallBackToEnv(field *string, id settingID) {
	if *field == "" {
		*field, _ = r.env(id)
	}
}

func (r *resolver) staticFromBlock() (*base, error) {
	return static(r.s.AccessKey, r.s.SecretKey, r.s.SecurityToken,
		[3]string{"access_key", "secret_key", "security_token"}, "the provider block")
}

func (r *resolver) staticFromEnv() (*base, error) {
	// The first family with any key variable set supplies the whole set.
	ids, secrets, tokens := variables(accessKey), variables(secretKey), variables(securityToken)
	for i := range ids {
		names := [3]string{ids[i], secrets[i], tokens[i]}
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
	if id == "" && secret == "" && token == "" {
		return nil, nil
	}
	if id == "" && secret == "" {
		return nil, fmt.Errorf("incomplete STS credentials in %s: %s is set but %s and %s are empty; "+
			"a security token only works with the temporary access key pair issued with it, so set all three or unset %s",
			origin, names[2], names[0], names[1], names[2])
	}
	if id == "" || secret == "" {
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
			plan:     Plan{Type: TypeAccessKey},
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
		plan:     Plan{Type: TypeSTS},
		source:   fmt.Sprintf("STS token from %s (%s, %s, %s)", origin, names[0], names[1], names[2]),
		provider: p,
	}, nil
}

func (r *resolver) ecsFromBlock() (*base, error) {
	return ecsRole(r.s.ECSRoleName, "ecs_role_name")
}

func (r *resolver) ecsFromEnv() (*base, error) {
	return ecsRole(r.env(ecsRoleName))
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
		plan:     Plan{Type: TypeECSRAMRole, ECSRoleName: name},
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
	if !r.anySet(oidcProviderARN, oidcTokenFile) {
		return nil, nil
	}
	return r.oidc(AssumeRoleWithOIDC{}, "the environment")
}

func (r *resolver) oidc(o AssumeRoleWithOIDC, origin string) (*base, error) {
	r.fallBackToEnv(&o.OIDCProviderARN, oidcProviderARN)
	r.fallBackToEnv(&o.RoleARN, oidcRoleARN)
	r.fallBackToEnv(&o.OIDCTokenFile, oidcTokenFile)
	r.fallBackToEnv(&o.RoleSessionName, oidcRoleSessionName)
	if err := missingOIDC(o, origin); err != nil {
		return nil, err
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
		plan:     Plan{Type: TypeOIDC, OIDC: &o},
		source:   fmt.Sprintf("OIDC role %s with token file %s (%s)", o.RoleARN, o.OIDCTokenFile, origin),
		provider: p,
	}, nil
}

// missingOIDC reports the settings OIDC needs that are still unset.
func missingOIDC(o AssumeRoleWithOIDC, origin string) error {
	var missing []string
	for _, f := range []struct {
		value string
		id    settingID
	}{
		{o.OIDCProviderARN, oidcProviderARN},
		{o.RoleARN, oidcRoleARN},
		{o.OIDCTokenFile, oidcTokenFile},
	} {
		if f.value == "" {
			s := lookup(f.id)
			missing = append(missing, fmt.Sprintf("%s (or %s)", s.attribute, join(s.env, " or ")))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("incomplete OIDC (RRSA) configuration in %s: set %s", origin, strings.Join(missing, ", "))
	}
	return nil
}

// assumeRole returns the role to assume on top of the base credential, or
// nil, and where it was configured.
func (r *resolver) assumeRole(baseIsOIDC bool) (*AssumeRole, string, error) {
	roleVars := variables(roleARN)
	if baseIsOIDC || r.anySet(oidcProviderARN) {
		// There the variables shared with OIDC name the OIDC role, which
		// must not be assumed a second time.
		roleVars = slices.DeleteFunc(slices.Clone(roleVars), func(name string) bool {
			return slices.Contains(variables(oidcRoleARN), name)
		})
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
	if err := r.roleSession(&a); err != nil {
		return nil, "", err
	}
	return &a, from, nil
}

// roleSession completes the session name and length of the role to assume
// from the environment and the defaults.
func (r *resolver) roleSession(a *AssumeRole) error {
	r.fallBackToEnv(&a.SessionName, roleSessionName)
	if a.SessionName == "" {
		a.SessionName = DefaultSessionName
	}

	expirationFrom := "assume_role.session_expiration"
	if a.SessionExpiration == 0 {
		if v, name := r.env(roleSessionExpiration); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("%s must be a number of seconds, got %q", name, v)
			}
			a.SessionExpiration, expirationFrom = n, name
		}
	}
	var err error
	a.SessionExpiration, err = sessionExpiration(a.SessionExpiration, expirationFrom)
	return err
}

// sessionExpiration applies the default and checks the range STS accepts,
// so a bad value fails at configure time rather than on the first call.
func sessionExpiration(seconds int, from string) (int, error) {
	if seconds == 0 {
		return DefaultSessionExpiration, nil
	}
	if seconds < MinSessionExpiration || seconds > MaxSessionExpiration {
		return 0, fmt.Errorf("%s must be between %d and %d seconds, got %d",
			from, MinSessionExpiration, MaxSessionExpiration, seconds)
	}
	return seconds, nil
}

// stsEndpoint returns the configured STS host. credentials-go takes a bare
// host and always uses HTTPS, so an https:// prefix is dropped and any other
// scheme or a path is rejected.
func (r *resolver) stsEndpoint() (string, error) {
	v, from := r.orEnv(r.s.STSEndpoint, stsEndpoint)
	host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(v), "https://"), "/")
	if strings.Contains(host, "/") {
		return "", fmt.Errorf("%s must be a host name such as sts.cn-hangzhou.aliyuncs.com (HTTPS is always used), got %q", from, v)
	}
	return host, nil
}
