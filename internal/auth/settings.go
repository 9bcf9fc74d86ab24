package auth

import (
	"errors"
	"fmt"
	"strings"
)

// sources is the table of credential settings: every attribute of the
// provider block that concerns credentials and every environment variable
// Resolve reads, grouped by the source they configure, the sources in the
// order Resolve tries them. The resolver reads the variables through it, and
// ErrNoCredentials, PrecedenceDescription and the schema descriptions
// (Description) are written from it; the package documentation and the
// provider's documentation are tested against it.
var sources = []source{
	{name: "static keys", settings: []setting{
		{id: accessKey, attribute: "access_key", env: []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"}, required: true,
			about: "The AccessKey ID. Must be set together with `secret_key`."},
		{id: secretKey, attribute: "secret_key", env: []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"}, required: true,
			about: "The AccessKey secret."},
		{id: securityToken, attribute: "security_token", env: []string{"ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"},
			about: "The STS security token that goes with a temporary access key.", note: "for STS credentials"},
	}},
	{name: "the SDKs' ini credentials file", settings: []setting{
		{id: credentialsFile, env: []string{"ALIBABA_CLOUD_CREDENTIALS_FILE"}, required: true},
		// credentials-go reads the section from this variable itself.
		{id: credentialsFileSection, env: []string{"ALIBABA_CLOUD_PROFILE"}, note: `the section, "default" if unset`},
	}},
	{name: "an Alibaba Cloud CLI profile", settings: []setting{
		{id: profile, attribute: "profile", env: []string{"ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE"},
			about: "The name of a profile in the Alibaba Cloud CLI's configuration file, used when no access key is given."},
		{id: sharedCredentialsFile, attribute: "shared_credentials_file", env: []string{"ALIBABA_CLOUD_CONFIG_FILE", "ALICLOUD_SHARED_CREDENTIALS_FILE"},
			about: "The path of the Alibaba Cloud CLI's configuration file that holds `profile`. Defaults to `~/.aliyun/config.json`.",
			note:  "default `~/.aliyun/config.json`, written by `aliyun configure`"},
	}},
	{name: "OIDC (RRSA)", settings: []setting{
		{attribute: "assume_role_with_oidc",
			about: "Assume a RAM role with an OIDC token (RRSA on Container Service for Kubernetes). Its attributes fall back to environment variables, which configure OIDC without the block too."},
		{id: oidcProviderARN, attribute: "assume_role_with_oidc.oidc_provider_arn", env: []string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN"}, required: true,
			about: "The ARN of the OIDC identity provider."},
		{id: oidcRoleARN, attribute: "assume_role_with_oidc.role_arn", env: []string{"ALIBABA_CLOUD_ROLE_ARN"}, required: true,
			about: "The ARN of the role to assume."},
		{id: oidcTokenFile, attribute: "assume_role_with_oidc.oidc_token_file", env: []string{"ALIBABA_CLOUD_OIDC_TOKEN_FILE"}, required: true,
			about: "The path of the file that holds the OIDC token."},
		{id: oidcRoleSessionName, attribute: "assume_role_with_oidc.role_session_name", env: []string{"ALIBABA_CLOUD_ROLE_SESSION_NAME"},
			about: sessionNameAbout},
		{attribute: "assume_role_with_oidc.session_expiration", about: sessionExpirationAbout},
		{attribute: "assume_role_with_oidc.policy", about: policyAbout},
	}},
	{name: "an ECS RAM role", settings: []setting{
		{id: ecsRoleName, attribute: "ecs_role_name", env: []string{"ALIBABA_CLOUD_ECS_METADATA", "ALICLOUD_ECS_ROLE_NAME"}, required: true,
			about: "The RAM role attached to the ECS instance that runs OpenTofu or Terraform; its credentials come from the instance metadata service."},
	}},
	{name: "the current profile of `~/.aliyun/config.json`, if that file exists", when: lastResort, settings: []setting{
		{id: cliProfileDisabled, env: []string{"ALIBABA_CLOUD_CLI_PROFILE_DISABLED"}, note: "set to `true` to turn this off"},
	}},
	{name: "a RAM role to assume", when: onTop, settings: []setting{
		{attribute: "assume_role",
			about: "Assume a RAM role with the credentials found otherwise. Its attributes fall back to environment variables, which configure a role without the block too."},
		{id: roleARN, attribute: "assume_role.role_arn", env: []string{"ALIBABA_CLOUD_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_ARN"}, required: true,
			about: "The ARN of the role to assume, e.g. `acs:ram::123456789012:role/swas-reader`. When OIDC is configured, the variable this shares with `assume_role_with_oidc.role_arn` names the OIDC role and is not read here."},
		{id: roleSessionName, attribute: "assume_role.session_name", env: []string{"ALIBABA_CLOUD_ROLE_SESSION_NAME", "ALICLOUD_ASSUME_ROLE_SESSION_NAME"},
			about: sessionNameAbout},
		{attribute: "assume_role.external_id", about: "The external ID the role's trust policy requires, if any."},
		{id: roleSessionExpiration, attribute: "assume_role.session_expiration", env: []string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"},
			about: sessionExpirationAbout},
		{attribute: "assume_role.policy", about: policyAbout},
	}},
	{name: "the STS endpoint used to assume roles", when: onTop, settings: []setting{
		{id: stsEndpoint, attribute: "sts_endpoint", env: []string{"ALIBABA_CLOUD_STS_ENDPOINT", "ALICLOUD_STS_ENDPOINT"},
			about: "The STS endpoint used to assume roles, e.g. `sts-vpc.cn-hangzhou.aliyuncs.com`; by default the public one."},
	}},
}

var (
	sessionNameAbout       = fmt.Sprintf("The session name recorded in the role's audit trail. Defaults to `%s`.", DefaultSessionName)
	sessionExpirationAbout = fmt.Sprintf("How long the assumed credentials last, in seconds (%d to %d). Defaults to %d.",
		MinSessionExpiration, MaxSessionExpiration, DefaultSessionExpiration)
	policyAbout = "A JSON policy that further restricts the assumed role's permissions."
)

// A source is a way to supply the base credential, or something applied to
// whichever credential is found.
type source struct {
	// name is for people, in Markdown.
	name     string
	when     when
	settings []setting
}

// when says where a source stands in the precedence.
type when int

const (
	// inTurn sources are tried in table order, in the provider block first
	// and in the environment second.
	inTurn when = iota
	// A lastResort source is used when neither tier names a source.
	lastResort
	// onTop settings apply to the credential found.
	onTop
)

// A setting is an attribute of the provider block, the environment variables
// it falls back to, or both.
type setting struct {
	// id names the setting for the code that reads it; 0 when only its
	// description is read from the table.
	id settingID
	// attribute is the path in the provider block, such as
	// "assume_role.role_arn"; "" when only the environment has the setting.
	attribute string
	// env lists the variables in precedence order: the first one set wins.
	env []string
	// required settings are all needed for their source to be used.
	required bool
	// about is the attribute's schema description, in Markdown, before the
	// sentence naming its variables.
	about string
	// note is said after the setting where sources are listed, in Markdown.
	note string
}

// settingID names the settings that the resolver reads.
type settingID int

const (
	_ settingID = iota
	accessKey
	secretKey
	securityToken
	credentialsFile
	credentialsFileSection
	profile
	sharedCredentialsFile
	oidcProviderARN
	oidcRoleARN
	oidcTokenFile
	oidcRoleSessionName
	ecsRoleName
	cliProfileDisabled
	roleARN
	roleSessionName
	roleSessionExpiration
	stsEndpoint
	settingIDs // the number of ids, plus one
)

// lookup returns the setting with the id. A missing one is a bug in the table.
func lookup(id settingID) setting {
	for _, src := range sources {
		for _, s := range src.settings {
			if s.id == id {
				return s
			}
		}
	}
	panic(fmt.Sprintf("auth: no setting with id %d in the table", id))
}

// variables lists the variables of the setting with the id, in precedence order.
func variables(id settingID) []string {
	return lookup(id).env
}

// Description is the schema description of the provider block's credential
// attribute or block at path, such as "assume_role.role_arn": what it is,
// then the environment variables it falls back to. It is "" for a path that
// is not in the table.
func Description(path string) string {
	for _, src := range sources {
		for _, s := range src.settings {
			if s.attribute == path {
				return s.description()
			}
		}
	}
	return ""
}

func (s setting) description() string {
	vars := join(codes(s.env), ", then ")
	if len(s.env) == 0 {
		return s.about
	}
	if s.required && strings.Contains(s.attribute, ".") {
		// ValidateConfig requires it in the block; the variables stand in
		// for the whole block.
		return s.about + " Required in this block; without the block, it is read from " + vars + "."
	}
	return s.about + " Falls back to " + vars + "."
}

// ErrNoCredentials is returned, possibly wrapped, when no source is configured.
var ErrNoCredentials = errors.New(noCredentialsMessage())

// PrecedenceDescription explains the credential precedence for schema
// descriptions and docs, in Markdown.
var PrecedenceDescription = precedenceDescription()

func noCredentialsMessage() string {
	var b strings.Builder
	b.WriteString("no Alibaba Cloud credentials found. Supply them in one of these ways, " +
		"as attributes of the provider block or the environment variables after them:\n")
	for _, src := range sources {
		if src.when == inTurn {
			b.WriteString("  - " + plain(src.describe()) + "\n")
		}
	}
	fmt.Fprintf(&b, "An assume_role block (or %s) assumes a RAM role with one of these; it is not a credential by itself.",
		join(variables(roleARN), " or "))
	return b.String()
}

func precedenceDescription() string {
	lists := map[when][]string{}
	for _, src := range sources {
		item := "- "
		if src.when == inTurn {
			item = fmt.Sprintf("%d. ", len(lists[inTurn])+1)
		}
		lists[src.when] = append(lists[src.when], item+src.describe())
	}
	return "Credentials are looked up in the provider block first and in the environment second. " +
		"In each, the first of these sources that is set is used; an attribute falls back to the variables " +
		"after it, the first one set winning:\n\n" +
		strings.Join(lists[inTurn], "\n") + "\n\nWhen none of them is set:\n\n" +
		strings.Join(lists[lastResort], "\n") + "\n\nWith the credential found:\n\n" +
		strings.Join(lists[onTop], "\n") + "\n\n" +
		"The key variables of one family (`ALIBABA_CLOUD_*` or `ALICLOUD_*`) are used together, never mixed " +
		"with the other family's."
}

// describe is the source's name and settings, the required ones first, each
// with its variables and note, in Markdown.
func (src source) describe() string {
	var required, optional []string
	for _, s := range src.settings {
		if len(s.env) == 0 && !s.required {
			continue
		}
		var aside []string
		if s.attribute != "" && len(s.env) > 0 {
			aside = append(aside, join(codes(s.env), " or "))
		}
		if s.note != "" {
			aside = append(aside, s.note)
		}
		text := code(s.attribute)
		if s.attribute == "" {
			text = join(codes(s.env), " or ")
		}
		if len(aside) > 0 {
			text += " (" + strings.Join(aside, "; ") + ")"
		}
		if s.required {
			required = append(required, text)
		} else {
			optional = append(optional, text)
		}
	}
	if len(required) == 0 {
		return src.name + ": " + join(optional, " and ")
	}
	if len(optional) == 0 {
		return src.name + ": " + join(required, " and ")
	}
	return src.name + ": " + join(required, " and ") + ", plus " + join(optional, " and ")
}

// join lists items as in a sentence: "a, b" + last + "c".
func join(items []string, last string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// code quotes a name as code in Markdown.
func code(name string) string { return "`" + name + "`" }

func codes(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = code(n)
	}
	return out
}

// plain turns the table's Markdown into the plain text of error messages.
func plain(markdown string) string { return strings.ReplaceAll(markdown, "`", "") }
