package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// credentials-go reads some ALIBABA_CLOUD_* variables straight from the
// process environment (STS region, OIDC token, IMDS switches); clear them so
// the developer's shell cannot change the results.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "ALIBABA_CLOUD_") || strings.HasPrefix(name, "ALICLOUD_") {
			os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func mustResolve(t *testing.T, s Settings, env map[string]string) *Resolved {
	t.Helper()
	r, err := Resolve(s, envOf(env))
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return r
}

// keys fetches the credential and returns id, secret and token.
func keys(t *testing.T, r *Resolved) (id, secret, token string) {
	t.Helper()
	m, err := r.Credential.GetCredential()
	if err != nil {
		t.Fatalf("GetCredential: %v", err)
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return deref(m.AccessKeyId), deref(m.AccessKeySecret), deref(m.SecurityToken)
}

func wantKeys(t *testing.T, r *Resolved, id, secret, token string) {
	t.Helper()
	gotID, gotSecret, gotToken := keys(t, r)
	if gotID != id || gotSecret != secret || gotToken != token {
		t.Errorf("credential = (%q, %q, %q), want (%q, %q, %q)", gotID, gotSecret, gotToken, id, secret, token)
	}
}

func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("Resolve succeeded, want an error mentioning %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

const cliConfig = `{
	"current": "ak",
	"profiles": [
		{"name": "ak", "mode": "AK", "access_key_id": "cfgAK", "access_key_secret": "cfgSecret", "region_id": "cn-hangzhou"},
		{"name": "sts", "mode": "StsToken", "access_key_id": "STS.cfg", "access_key_secret": "cfgStsSecret", "sts_token": "cfgToken", "region_id": "cn-hangzhou"}
	]
}`

// writeConfig writes an aliyun CLI config.json into dir and returns its path.
func writeConfig(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "config.json")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStaticKeysFromBlock(t *testing.T) {
	r := mustResolve(t, Settings{AccessKey: "AK", SecretKey: "SK"}, nil)
	if r.Plan.Type != TypeAccessKey || *r.Credential.GetType() != "access_key" {
		t.Errorf("kind %q, type %q", r.Plan.Type, *r.Credential.GetType())
	}
	if !strings.Contains(r.Source, "provider block") || strings.Contains(r.Source, "SK") {
		t.Errorf("Source = %q", r.Source)
	}
	wantKeys(t, r, "AK", "SK", "")
}

func TestNilGetenvReadsTheProcessEnvironment(t *testing.T) {
	t.Setenv("ALICLOUD_ACCESS_KEY", "proc-id")
	t.Setenv("ALICLOUD_SECRET_KEY", "proc-secret")
	r, err := Resolve(Settings{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantKeys(t, r, "proc-id", "proc-secret", "")
}

func TestSTSTokenFromBlock(t *testing.T) {
	r := mustResolve(t, Settings{AccessKey: "STS.AK", SecretKey: "SK", SecurityToken: "TOKEN"}, nil)
	if r.Plan.Type != TypeSTS || *r.Credential.GetType() != "sts" {
		t.Errorf("kind %q, type %q", r.Plan.Type, *r.Credential.GetType())
	}
	if strings.Contains(r.Source, "TOKEN") {
		t.Errorf("Source leaks the token: %q", r.Source)
	}
	wantKeys(t, r, "STS.AK", "SK", "TOKEN")
}

func TestStaticKeysFromEnvironment(t *testing.T) {
	alibaba := map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "ab-id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "ab-secret"}
	alicloud := map[string]string{"ALICLOUD_ACCESS_KEY": "ac-id", "ALICLOUD_SECRET_KEY": "ac-secret"}
	merge := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name                  string
		env                   map[string]string
		kind                  CredentialType
		id, secret, token, in string
	}{
		{"alibaba", alibaba, TypeAccessKey, "ab-id", "ab-secret", "", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
		{"alicloud", alicloud, TypeAccessKey, "ac-id", "ac-secret", "", "ALICLOUD_ACCESS_KEY"},
		{"alibaba beats alicloud", merge(alibaba, alicloud), TypeAccessKey, "ab-id", "ab-secret", "", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
		{"alibaba sts", merge(alibaba, map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": "ab-tok"}), TypeSTS, "ab-id", "ab-secret", "ab-tok", "ALIBABA_CLOUD_SECURITY_TOKEN"},
		{"alicloud sts", merge(alicloud, map[string]string{"ALICLOUD_SECURITY_TOKEN": "ac-tok"}), TypeSTS, "ac-id", "ac-secret", "ac-tok", "ALICLOUD_SECURITY_TOKEN"},
		// The other family's token is not mixed into this family's pair.
		{"no cross-family token", merge(alibaba, map[string]string{"ALICLOUD_SECURITY_TOKEN": "ac-tok"}), TypeAccessKey, "ab-id", "ab-secret", "", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustResolve(t, Settings{}, tt.env)
			if r.Plan.Type != tt.kind {
				t.Errorf("kind = %q, want %q", r.Plan.Type, tt.kind)
			}
			if !strings.Contains(r.Source, "environment") || !strings.Contains(r.Source, tt.in) {
				t.Errorf("Source = %q, want it to name %s", r.Source, tt.in)
			}
			wantKeys(t, r, tt.id, tt.secret, tt.token)
		})
	}
}

func TestHalfConfiguredKeys(t *testing.T) {
	tests := []struct {
		name  string
		s     Settings
		env   map[string]string
		parts []string
	}{
		{"block key without secret", Settings{AccessKey: "AK"}, nil, []string{"access_key is set", "secret_key is empty"}},
		{"block secret without key", Settings{SecretKey: "SK"}, nil, []string{"secret_key is set", "access_key is empty"}},
		{"block token without keys", Settings{SecurityToken: "T"}, nil, []string{"security_token", "access_key", "secret_key"}},
		// Mixing the block with the environment would pair unrelated halves.
		{"block key with env secret", Settings{AccessKey: "AK"}, map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "SK"}, []string{"access_key", "secret_key"}},
		{"alibaba id only", Settings{}, map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "id"}, []string{"ALIBABA_CLOUD_ACCESS_KEY_ID is set", "ALIBABA_CLOUD_ACCESS_KEY_SECRET is empty"}},
		{"alicloud secret only", Settings{}, map[string]string{"ALICLOUD_SECRET_KEY": "s"}, []string{"ALICLOUD_SECRET_KEY is set", "ALICLOUD_ACCESS_KEY is empty"}},
		{"alibaba half beats alicloud pair", Settings{}, map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "id", "ALICLOUD_ACCESS_KEY": "a", "ALICLOUD_SECRET_KEY": "b"}, []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"}},
		{"env token only", Settings{}, map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": "t"}, []string{"ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.s, envOf(tt.env))
			wantErr(t, err, tt.parts...)
			if errors.Is(err, ErrNoCredentials) {
				t.Errorf("a half-configured key is not a missing credential: %v", err)
			}
		})
	}
}

func TestCLIProfile(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, cliConfig)

	t.Run("AK profile from the block", func(t *testing.T) {
		r := mustResolve(t, Settings{Profile: "ak", SharedCredentialsFile: path}, nil)
		want := Plan{Type: TypeCLIProfile, ProfileName: "ak", ProfileFile: path}
		if !reflect.DeepEqual(r.Plan, want) {
			t.Errorf("Plan = %+v, want %+v", r.Plan, want)
		}
		if *r.Credential.GetType() != "cli_profile" || !strings.Contains(r.Source, `"ak" (mode AK`) {
			t.Errorf("type %q, Source %q", *r.Credential.GetType(), r.Source)
		}
		wantKeys(t, r, "cfgAK", "cfgSecret", "")
	})
	t.Run("StsToken profile from the environment", func(t *testing.T) {
		r := mustResolve(t, Settings{}, map[string]string{"ALIBABA_CLOUD_PROFILE": "sts", "ALIBABA_CLOUD_CONFIG_FILE": path})
		if r.Plan.ProfileName != "sts" || !strings.Contains(r.Source, "ALIBABA_CLOUD_PROFILE") {
			t.Errorf("Plan %+v, Source %q", r.Plan, r.Source)
		}
		wantKeys(t, r, "STS.cfg", "cfgStsSecret", "cfgToken")
	})
	t.Run("alicloud variables", func(t *testing.T) {
		r := mustResolve(t, Settings{}, map[string]string{"ALICLOUD_PROFILE": "sts", "ALICLOUD_SHARED_CREDENTIALS_FILE": path})
		if r.Plan.ProfileName != "sts" || r.Plan.ProfileFile != path {
			t.Errorf("Plan = %+v", r.Plan)
		}
	})
	t.Run("alibaba profile variable beats alicloud", func(t *testing.T) {
		r := mustResolve(t, Settings{SharedCredentialsFile: path}, map[string]string{"ALIBABA_CLOUD_PROFILE": "sts", "ALICLOUD_PROFILE": "ak"})
		if r.Plan.ProfileName != "sts" {
			t.Errorf("ProfileName = %q", r.Plan.ProfileName)
		}
	})
	t.Run("attribute beats variable", func(t *testing.T) {
		r := mustResolve(t, Settings{Profile: "ak", SharedCredentialsFile: path}, map[string]string{"ALIBABA_CLOUD_PROFILE": "sts"})
		if r.Plan.ProfileName != "ak" {
			t.Errorf("ProfileName = %q", r.Plan.ProfileName)
		}
	})
	t.Run("current profile when none is named", func(t *testing.T) {
		r := mustResolve(t, Settings{SharedCredentialsFile: path}, nil)
		if r.Plan.ProfileName != "ak" || !strings.Contains(r.Source, "current") {
			t.Errorf("Plan %+v, Source %q", r.Plan, r.Source)
		}
	})
	t.Run("file defaults to HOME/.aliyun/config.json", func(t *testing.T) {
		home := t.TempDir()
		def := writeConfig(t, filepath.Join(home, ".aliyun"), cliConfig)
		r := mustResolve(t, Settings{Profile: "sts"}, map[string]string{"HOME": home})
		if r.Plan.ProfileFile != def {
			t.Errorf("ProfileFile = %q, want %q", r.Plan.ProfileFile, def)
		}
	})
	t.Run("tilde expands to HOME", func(t *testing.T) {
		home := t.TempDir()
		want := writeConfig(t, filepath.Join(home, "cfg"), cliConfig)
		r := mustResolve(t, Settings{Profile: "ak", SharedCredentialsFile: "~/cfg/config.json"}, map[string]string{"HOME": home})
		if r.Plan.ProfileFile != want {
			t.Errorf("ProfileFile = %q, want %q", r.Plan.ProfileFile, want)
		}
	})
	t.Run("unknown profile lists the others", func(t *testing.T) {
		_, err := Resolve(Settings{Profile: "nope", SharedCredentialsFile: path}, envOf(nil))
		wantErr(t, err, `"nope"`, "the profile attribute", "ak, sts")
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := Resolve(Settings{Profile: "ak", SharedCredentialsFile: filepath.Join(dir, "absent.json")}, envOf(nil))
		wantErr(t, err, "absent.json")
	})
	t.Run("no HOME and no file", func(t *testing.T) {
		_, err := Resolve(Settings{Profile: "ak"}, envOf(nil))
		wantErr(t, err, "shared_credentials_file", "ALIBABA_CLOUD_CONFIG_FILE", "HOME")
	})
	t.Run("malformed file is not echoed", func(t *testing.T) {
		bad := writeConfig(t, filepath.Join(dir, "bad"), `{"profiles": [{"name": "x", "access_key_secret": "TOPSECRET"}`)
		_, err := Resolve(Settings{SharedCredentialsFile: bad}, envOf(nil))
		wantErr(t, err, "not valid JSON")
		if strings.Contains(err.Error(), "TOPSECRET") {
			t.Errorf("error leaks the file: %v", err)
		}
	})
	t.Run("wrong shape", func(t *testing.T) {
		odd := writeConfig(t, filepath.Join(dir, "odd"), `{"profiles": "ak"}`)
		_, err := Resolve(Settings{SharedCredentialsFile: odd}, envOf(nil))
		wantErr(t, err, "not an Alibaba Cloud CLI config.json")
	})
	t.Run("no current profile", func(t *testing.T) {
		none := writeConfig(t, filepath.Join(dir, "none"), `{"profiles": [{"name": "ak", "mode": "AK"}]}`)
		_, err := Resolve(Settings{SharedCredentialsFile: none}, envOf(nil))
		wantErr(t, err, "no current profile", "ALIBABA_CLOUD_PROFILE")
	})
	t.Run("tilde without HOME", func(t *testing.T) {
		_, err := Resolve(Settings{SharedCredentialsFile: "~/config.json"}, envOf(nil))
		wantErr(t, err, "shared_credentials_file", "HOME")
	})
}

func TestDefaultProfileIsLastResort(t *testing.T) {
	home := t.TempDir()
	path := writeConfig(t, filepath.Join(home, ".aliyun"), cliConfig)

	r := mustResolve(t, Settings{}, map[string]string{"HOME": home})
	if r.Plan.Type != TypeCLIProfile || r.Plan.ProfileName != "ak" || r.Plan.ProfileFile != path {
		t.Errorf("Plan = %+v", r.Plan)
	}
	wantKeys(t, r, "cfgAK", "cfgSecret", "")

	// Windows has USERPROFILE instead of HOME.
	r = mustResolve(t, Settings{}, map[string]string{"USERPROFILE": home})
	if r.Plan.ProfileFile != path {
		t.Errorf("ProfileFile = %q", r.Plan.ProfileFile)
	}

	// Any configured source wins over the file merely existing.
	r = mustResolve(t, Settings{}, map[string]string{"HOME": home, "ALICLOUD_ECS_ROLE_NAME": "role"})
	if r.Plan.Type != TypeECSRAMRole {
		t.Errorf("kind = %q, want the ECS role", r.Plan.Type)
	}

	_, err := Resolve(Settings{}, envOf(map[string]string{"HOME": home, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"}))
	if !errors.Is(err, ErrNoCredentials) {
		t.Errorf("disabled CLI profile: err = %v, want ErrNoCredentials", err)
	}
}

func TestECSRole(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		env  map[string]string
		role string
		from string
	}{
		{"block", Settings{ECSRoleName: "block-role"}, map[string]string{"ALIBABA_CLOUD_ECS_METADATA": "env-role"}, "block-role", "ecs_role_name"},
		{"alibaba variable", Settings{}, map[string]string{"ALIBABA_CLOUD_ECS_METADATA": "ab-role", "ALICLOUD_ECS_ROLE_NAME": "ac-role"}, "ab-role", "ALIBABA_CLOUD_ECS_METADATA"},
		{"alicloud variable", Settings{}, map[string]string{"ALICLOUD_ECS_ROLE_NAME": "ac-role"}, "ac-role", "ALICLOUD_ECS_ROLE_NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustResolve(t, tt.s, tt.env)
			if r.Plan.Type != TypeECSRAMRole || r.Plan.ECSRoleName != tt.role || *r.Credential.GetType() != "ecs_ram_role" {
				t.Errorf("Plan %+v, type %q", r.Plan, *r.Credential.GetType())
			}
			if !strings.Contains(r.Source, tt.from) {
				t.Errorf("Source = %q, want it to name %s", r.Source, tt.from)
			}
		})
	}
}

// credentials-go reads this switch from the process environment itself.
func TestECSRoleDisabledByCredentialsGo(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	_, err := Resolve(Settings{ECSRoleName: "r"}, envOf(nil))
	wantErr(t, err, `ECS RAM role "r"`, "ecs_role_name", "disabled")
}

// fakeMetadata points credentials-go's HTTP client at a local instance
// metadata service by proxying through it, and records the paths requested.
func fakeMetadata(t *testing.T) func() []string {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Method+" "+r.Host+r.URL.Path)
		mu.Unlock()
		if r.Method == http.MethodPut {
			fmt.Fprint(w, "metadata-token")
			return
		}
		fmt.Fprint(w, `{"Code":"Success","AccessKeyId":"STS.ecs","AccessKeySecret":"ecsSecret","SecurityToken":"ecsToken","Expiration":"2099-01-01T00:00:00Z"}`)
	}))
	t.Cleanup(srv.Close)
	proxy, _ := url.Parse(srv.URL)
	dt := http.DefaultTransport.(*http.Transport)
	old := dt.Proxy
	dt.Proxy = http.ProxyURL(proxy)
	t.Cleanup(func() { dt.Proxy = old })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), paths...)
	}
}

func TestECSRoleFetchesLazily(t *testing.T) {
	requests := fakeMetadata(t)
	r := mustResolve(t, Settings{ECSRoleName: "my-role"}, nil)
	if got := requests(); len(got) != 0 {
		t.Fatalf("Resolve called the metadata service: %v", got)
	}
	wantKeys(t, r, "STS.ecs", "ecsSecret", "ecsToken")
	want := "GET 100.100.100.200/latest/meta-data/ram/security-credentials/my-role"
	if got := requests(); !contains(got, want) {
		t.Errorf("metadata requests = %v, want %q", got, want)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// fakeSTS serves AssumeRole and AssumeRoleWithOIDC over TLS on loopback,
// makes credentials-go trust it, and records each request's parameters.
func fakeSTS(t *testing.T) (host string, requests func() []url.Values) {
	var mu sync.Mutex
	var got []url.Values
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("ParseForm: %v", err)
		}
		mu.Lock()
		got = append(got, r.Form)
		mu.Unlock()
		fmt.Fprint(w, `{"RequestId":"req","Credentials":{"AccessKeyId":"STS.assumed","AccessKeySecret":"assumedSecret","SecurityToken":"assumedToken","Expiration":"2099-01-01T00:00:00Z"}}`)
	}))
	t.Cleanup(srv.Close)
	dt := http.DefaultTransport.(*http.Transport)
	old := dt.TLSClientConfig
	dt.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	t.Cleanup(func() { dt.TLSClientConfig = old })
	return srv.Listener.Addr().String(), func() []url.Values {
		mu.Lock()
		defer mu.Unlock()
		return append([]url.Values(nil), got...)
	}
}

func wantParams(t *testing.T, got url.Values, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("STS parameter %s = %q, want %q", k, got.Get(k), v)
		}
	}
}

func TestAssumeRoleOnStaticKeys(t *testing.T) {
	host, requests := fakeSTS(t)
	role := &AssumeRole{
		RoleARN:           "acs:ram::123:role/deployer",
		SessionName:       "ci",
		ExternalID:        "ext-1",
		Policy:            `{"Version":"1"}`,
		SessionExpiration: 1800,
	}
	r := mustResolve(t, Settings{AccessKey: "AK", SecretKey: "SK", STSEndpoint: "https://" + host + "/", AssumeRole: role}, nil)

	want := Plan{Type: TypeAccessKey, AssumeRole: role, STSEndpoint: host}
	if !reflect.DeepEqual(r.Plan, want) {
		t.Errorf("Plan = %+v, want %+v", r.Plan, want)
	}
	if *r.Credential.GetType() != "ram_role_arn" || !strings.Contains(r.Source, role.RoleARN) {
		t.Errorf("type %q, Source %q", *r.Credential.GetType(), r.Source)
	}
	if len(requests()) != 0 {
		t.Fatal("Resolve called STS")
	}

	wantKeys(t, r, "STS.assumed", "assumedSecret", "assumedToken")
	reqs := requests()
	if len(reqs) != 1 {
		t.Fatalf("STS requests = %d, want 1", len(reqs))
	}
	wantParams(t, reqs[0], map[string]string{
		"Action":          "AssumeRole",
		"AccessKeyId":     "AK",
		"RoleArn":         role.RoleARN,
		"RoleSessionName": "ci",
		"ExternalId":      "ext-1",
		"Policy":          role.Policy,
		"DurationSeconds": "1800",
	})
}

func TestAssumeRoleOnSTSTokenFromEnvironment(t *testing.T) {
	host, requests := fakeSTS(t)
	r := mustResolve(t, Settings{}, map[string]string{
		"ALICLOUD_ACCESS_KEY":                     "STS.base",
		"ALICLOUD_SECRET_KEY":                     "baseSecret",
		"ALICLOUD_SECURITY_TOKEN":                 "baseToken",
		"ALICLOUD_ASSUME_ROLE_ARN":                "acs:ram::123:role/env",
		"ALICLOUD_ASSUME_ROLE_SESSION_NAME":       "env-session",
		"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "2400",
		"ALICLOUD_STS_ENDPOINT":                   host,
	})
	want := &AssumeRole{RoleARN: "acs:ram::123:role/env", SessionName: "env-session", SessionExpiration: 2400}
	if r.Plan.Type != TypeSTS || !reflect.DeepEqual(r.Plan.AssumeRole, want) || r.Plan.STSEndpoint != host {
		t.Errorf("Plan = %+v, AssumeRole = %+v", r.Plan, r.Plan.AssumeRole)
	}
	if !strings.Contains(r.Source, "ALICLOUD_ASSUME_ROLE_ARN") {
		t.Errorf("Source = %q", r.Source)
	}
	wantKeys(t, r, "STS.assumed", "assumedSecret", "assumedToken")
	wantParams(t, requests()[0], map[string]string{
		"AccessKeyId":     "STS.base",
		"SecurityToken":   "baseToken",
		"RoleArn":         "acs:ram::123:role/env",
		"RoleSessionName": "env-session",
		"DurationSeconds": "2400",
	})
}

func TestAssumeRoleSettings(t *testing.T) {
	keys := Settings{AccessKey: "AK", SecretKey: "SK"}
	withRole := func(a *AssumeRole) Settings { s := keys; s.AssumeRole = a; return s }

	t.Run("defaults", func(t *testing.T) {
		r := mustResolve(t, withRole(&AssumeRole{RoleARN: "arn"}), nil)
		want := &AssumeRole{RoleARN: "arn", SessionName: DefaultSessionName, SessionExpiration: DefaultSessionExpiration}
		if !reflect.DeepEqual(r.Plan.AssumeRole, want) || r.Plan.STSEndpoint != "" {
			t.Errorf("Plan = %+v, AssumeRole = %+v", r.Plan, r.Plan.AssumeRole)
		}
	})
	t.Run("block fields fall back to the environment", func(t *testing.T) {
		r := mustResolve(t, withRole(&AssumeRole{ExternalID: "x"}), map[string]string{
			"ALIBABA_CLOUD_ROLE_ARN":                  "ab-arn",
			"ALICLOUD_ASSUME_ROLE_ARN":                "ac-arn",
			"ALIBABA_CLOUD_ROLE_SESSION_NAME":         "ab-session",
			"ALICLOUD_ASSUME_ROLE_SESSION_NAME":       "ac-session",
			"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "900",
			"ALIBABA_CLOUD_STS_ENDPOINT":              "sts.cn-hangzhou.aliyuncs.com",
			"ALICLOUD_STS_ENDPOINT":                   "sts.cn-beijing.aliyuncs.com",
		})
		want := &AssumeRole{RoleARN: "ab-arn", SessionName: "ab-session", ExternalID: "x", SessionExpiration: 900}
		if !reflect.DeepEqual(r.Plan.AssumeRole, want) || r.Plan.STSEndpoint != "sts.cn-hangzhou.aliyuncs.com" {
			t.Errorf("Plan = %+v, AssumeRole = %+v", r.Plan, r.Plan.AssumeRole)
		}
	})
	t.Run("block beats environment", func(t *testing.T) {
		s := withRole(&AssumeRole{RoleARN: "block-arn", SessionName: "block", SessionExpiration: 3000})
		s.STSEndpoint = "sts.block.example"
		r := mustResolve(t, s, map[string]string{
			"ALIBABA_CLOUD_ROLE_ARN":                  "env-arn",
			"ALIBABA_CLOUD_ROLE_SESSION_NAME":         "env",
			"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "900",
			"ALIBABA_CLOUD_STS_ENDPOINT":              "sts.env.example",
		})
		want := &AssumeRole{RoleARN: "block-arn", SessionName: "block", SessionExpiration: 3000}
		if !reflect.DeepEqual(r.Plan.AssumeRole, want) || r.Plan.STSEndpoint != "sts.block.example" {
			t.Errorf("Plan = %+v, AssumeRole = %+v", r.Plan, r.Plan.AssumeRole)
		}
	})
	t.Run("ALIBABA_CLOUD_ROLE_ARN alone assumes a role", func(t *testing.T) {
		r := mustResolve(t, keys, map[string]string{"ALIBABA_CLOUD_ROLE_ARN": "ab-arn"})
		if r.Plan.AssumeRole == nil || r.Plan.AssumeRole.RoleARN != "ab-arn" || !strings.Contains(r.Source, "ALIBABA_CLOUD_ROLE_ARN") {
			t.Errorf("Plan = %+v, Source = %q", r.Plan, r.Source)
		}
	})
	t.Run("ALIBABA_CLOUD_ROLE_ARN belongs to OIDC when its provider is set", func(t *testing.T) {
		r := mustResolve(t, keys, map[string]string{"ALIBABA_CLOUD_ROLE_ARN": "oidc-arn", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "p"})
		if r.Plan.AssumeRole != nil {
			t.Errorf("AssumeRole = %+v, want none", r.Plan.AssumeRole)
		}
	})
	t.Run("expiration at the bounds STS accepts", func(t *testing.T) {
		for _, seconds := range []int{900, 43200} {
			r := mustResolve(t, withRole(&AssumeRole{RoleARN: "a", SessionExpiration: seconds}), nil)
			if got := r.Plan.AssumeRole.SessionExpiration; got != seconds {
				t.Errorf("SessionExpiration %d became %d", seconds, got)
			}
		}
	})
	t.Run("no role", func(t *testing.T) {
		if r := mustResolve(t, keys, nil); r.Plan.AssumeRole != nil {
			t.Errorf("AssumeRole = %+v", r.Plan.AssumeRole)
		}
	})

	errs := []struct {
		name  string
		s     Settings
		env   map[string]string
		parts []string
	}{
		{"block without role arn", withRole(&AssumeRole{}), nil, []string{"assume_role.role_arn", "ALIBABA_CLOUD_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_ARN"}},
		{"expiration too short", withRole(&AssumeRole{RoleARN: "a", SessionExpiration: 60}), nil, []string{"assume_role.session_expiration", "900", "43200", "60"}},
		{"expiration too long", withRole(&AssumeRole{RoleARN: "a", SessionExpiration: 50000}), nil, []string{"assume_role.session_expiration"}},
		{"expiration a second too short", withRole(&AssumeRole{RoleARN: "a", SessionExpiration: 899}), nil, []string{"assume_role.session_expiration", "899"}},
		{"expiration a second too long", withRole(&AssumeRole{RoleARN: "a", SessionExpiration: 43201}), nil, []string{"assume_role.session_expiration", "43201"}},
		{"expiration variable not a number", withRole(&AssumeRole{RoleARN: "a"}), map[string]string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "1h"}, []string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", `"1h"`}},
		{"expiration variable out of range", withRole(&AssumeRole{RoleARN: "a"}), map[string]string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION": "100"}, []string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "900"}},
		{"endpoint with a path", Settings{AccessKey: "a", SecretKey: "b", STSEndpoint: "https://sts.example/x"}, nil, []string{"sts_endpoint", "host name"}},
		{"endpoint with http", Settings{}, map[string]string{"ALICLOUD_STS_ENDPOINT": "http://sts.example"}, []string{"ALICLOUD_STS_ENDPOINT", "HTTPS"}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.s, envOf(tt.env))
			wantErr(t, err, tt.parts...)
		})
	}
}

func TestOIDC(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("oidc-jwt"), 0o600); err != nil {
		t.Fatal(err)
	}
	envOIDC := map[string]string{
		"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::123:oidc-provider/ack",
		"ALIBABA_CLOUD_ROLE_ARN":          "acs:ram::123:role/pod",
		"ALIBABA_CLOUD_OIDC_TOKEN_FILE":   tokenFile,
	}

	t.Run("block fetches lazily", func(t *testing.T) {
		host, requests := fakeSTS(t)
		o := &AssumeRoleWithOIDC{
			OIDCProviderARN:   "acs:ram::123:oidc-provider/gh",
			RoleARN:           "acs:ram::123:role/ci",
			OIDCTokenFile:     tokenFile,
			RoleSessionName:   "gh-run",
			Policy:            `{"Version":"1"}`,
			SessionExpiration: 1200,
		}
		r := mustResolve(t, Settings{AssumeRoleWithOIDC: o, STSEndpoint: host}, nil)
		want := Plan{Type: TypeOIDC, OIDC: o, STSEndpoint: host}
		if !reflect.DeepEqual(r.Plan, want) || *r.Credential.GetType() != "oidc_role_arn" {
			t.Errorf("Plan = %+v, type %q", r.Plan, *r.Credential.GetType())
		}
		if len(requests()) != 0 {
			t.Fatal("Resolve called STS")
		}
		wantKeys(t, r, "STS.assumed", "assumedSecret", "assumedToken")
		wantParams(t, requests()[0], map[string]string{
			"Action":          "AssumeRoleWithOIDC",
			"OIDCProviderArn": o.OIDCProviderARN,
			"RoleArn":         o.RoleARN,
			"OIDCToken":       "oidc-jwt",
			"RoleSessionName": "gh-run",
			"Policy":          o.Policy,
			"DurationSeconds": "1200",
		})
	})
	t.Run("environment", func(t *testing.T) {
		r := mustResolve(t, Settings{}, envOIDC)
		want := &AssumeRoleWithOIDC{
			OIDCProviderARN:   envOIDC["ALIBABA_CLOUD_OIDC_PROVIDER_ARN"],
			RoleARN:           envOIDC["ALIBABA_CLOUD_ROLE_ARN"],
			OIDCTokenFile:     tokenFile,
			RoleSessionName:   DefaultSessionName,
			SessionExpiration: DefaultSessionExpiration,
		}
		if r.Plan.Type != TypeOIDC || !reflect.DeepEqual(r.Plan.OIDC, want) {
			t.Errorf("Plan = %+v, OIDC = %+v", r.Plan, r.Plan.OIDC)
		}
		// The RRSA role ARN must not be assumed a second time.
		if r.Plan.AssumeRole != nil {
			t.Errorf("AssumeRole = %+v, want none", r.Plan.AssumeRole)
		}
	})
	t.Run("block fields fall back to the environment", func(t *testing.T) {
		r := mustResolve(t, Settings{AssumeRoleWithOIDC: &AssumeRoleWithOIDC{RoleARN: "block-role"}}, envOIDC)
		if r.Plan.OIDC.RoleARN != "block-role" || r.Plan.OIDC.OIDCTokenFile != tokenFile || r.Plan.AssumeRole != nil {
			t.Errorf("Plan = %+v, OIDC = %+v", r.Plan, r.Plan.OIDC)
		}
	})
	t.Run("assume_role on top of OIDC", func(t *testing.T) {
		r := mustResolve(t, Settings{AssumeRole: &AssumeRole{}}, map[string]string{
			"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "p",
			"ALIBABA_CLOUD_ROLE_ARN":          "oidc-role",
			"ALIBABA_CLOUD_OIDC_TOKEN_FILE":   tokenFile,
			"ALICLOUD_ASSUME_ROLE_ARN":        "target-role",
		})
		if r.Plan.Type != TypeOIDC || r.Plan.AssumeRole == nil || r.Plan.AssumeRole.RoleARN != "target-role" {
			t.Errorf("Plan = %+v", r.Plan)
		}
	})
	t.Run("incomplete block", func(t *testing.T) {
		_, err := Resolve(Settings{AssumeRoleWithOIDC: &AssumeRoleWithOIDC{RoleARN: "r"}}, envOf(nil))
		wantErr(t, err, "assume_role_with_oidc.oidc_provider_arn", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
			"assume_role_with_oidc.oidc_token_file", "ALIBABA_CLOUD_OIDC_TOKEN_FILE")
	})
	t.Run("incomplete environment", func(t *testing.T) {
		_, err := Resolve(Settings{}, envOf(map[string]string{"ALIBABA_CLOUD_OIDC_TOKEN_FILE": tokenFile}))
		wantErr(t, err, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_ROLE_ARN")
	})
	t.Run("bad expiration", func(t *testing.T) {
		o := &AssumeRoleWithOIDC{OIDCProviderARN: "p", RoleARN: "r", OIDCTokenFile: tokenFile, SessionExpiration: 100}
		_, err := Resolve(Settings{AssumeRoleWithOIDC: o}, envOf(nil))
		wantErr(t, err, "assume_role_with_oidc.session_expiration")
	})
}

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, cliConfig)
	home := t.TempDir()
	writeConfig(t, filepath.Join(home, ".aliyun"), cliConfig)
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("jwt"), 0o600); err != nil {
		t.Fatal(err)
	}

	blockKeys := Settings{AccessKey: "block", SecretKey: "s"}
	blockProfile := Settings{Profile: "ak", SharedCredentialsFile: cfg}
	blockOIDC := Settings{AssumeRoleWithOIDC: &AssumeRoleWithOIDC{OIDCProviderARN: "p", RoleARN: "r", OIDCTokenFile: tokenFile}}
	blockECS := Settings{ECSRoleName: "role"}
	envKeys := map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "env", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"}
	envProfile := map[string]string{"ALIBABA_CLOUD_PROFILE": "sts", "ALIBABA_CLOUD_CONFIG_FILE": cfg}
	envOIDC := map[string]string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "p", "ALIBABA_CLOUD_ROLE_ARN": "r", "ALIBABA_CLOUD_OIDC_TOKEN_FILE": tokenFile}
	envECS := map[string]string{"ALIBABA_CLOUD_ECS_METADATA": "role"}
	defaultFile := map[string]string{"HOME": home}

	merge := func(s ...Settings) Settings {
		var out Settings
		for _, v := range s {
			if v.AccessKey != "" {
				out.AccessKey, out.SecretKey = v.AccessKey, v.SecretKey
			}
			if v.Profile != "" {
				out.Profile, out.SharedCredentialsFile = v.Profile, v.SharedCredentialsFile
			}
			if v.AssumeRoleWithOIDC != nil {
				out.AssumeRoleWithOIDC = v.AssumeRoleWithOIDC
			}
			if v.ECSRoleName != "" {
				out.ECSRoleName = v.ECSRoleName
			}
		}
		return out
	}
	env := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}

	tests := []struct {
		name   string
		s      Settings
		env    map[string]string
		kind   CredentialType
		source string
	}{
		{"block keys beat everything", merge(blockKeys, blockProfile, blockOIDC, blockECS), env(envKeys, envProfile, envOIDC, envECS, defaultFile), TypeAccessKey, "provider block"},
		{"block profile beats block OIDC and ECS", merge(blockProfile, blockOIDC, blockECS), nil, TypeCLIProfile, "the profile attribute"},
		{"block OIDC beats block ECS", merge(blockOIDC, blockECS), nil, TypeOIDC, "assume_role_with_oidc block"},
		{"block ECS beats env keys", blockECS, envKeys, TypeECSRAMRole, "ecs_role_name"},
		{"block profile beats env keys", blockProfile, envKeys, TypeCLIProfile, "the profile attribute"},
		{"block OIDC beats env keys", blockOIDC, envKeys, TypeOIDC, "block"},
		{"env keys beat env profile", Settings{}, env(envKeys, envProfile, envOIDC, envECS), TypeAccessKey, "environment"},
		{"env profile beats env OIDC", Settings{}, env(envProfile, envOIDC, envECS), TypeCLIProfile, "ALIBABA_CLOUD_PROFILE"},
		{"env OIDC beats env ECS", Settings{}, env(envOIDC, envECS), TypeOIDC, "environment"},
		{"env ECS beats default file", Settings{}, env(envECS, defaultFile), TypeECSRAMRole, "ALIBABA_CLOUD_ECS_METADATA"},
		{"default file last", Settings{}, defaultFile, TypeCLIProfile, "current"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustResolve(t, tt.s, tt.env)
			if r.Plan.Type != tt.kind || !strings.Contains(r.Source, tt.source) {
				t.Errorf("kind %q, Source %q; want %q from %q", r.Plan.Type, r.Source, tt.kind, tt.source)
			}
		})
	}
}

func TestMissingCredentials(t *testing.T) {
	_, err := Resolve(Settings{}, envOf(map[string]string{"HOME": t.TempDir()}))
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
	wantErr(t, err,
		"access_key", "secret_key", "security_token",
		"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN",
		"profile", "shared_credentials_file", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE",
		"ALIBABA_CLOUD_CONFIG_FILE", "ALICLOUD_SHARED_CREDENTIALS_FILE", "~/.aliyun/config.json",
		"ALIBABA_CLOUD_CREDENTIALS_FILE",
		"assume_role_with_oidc", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_ROLE_ARN",
		"ecs_role_name", "ALIBABA_CLOUD_ECS_METADATA", "ALICLOUD_ECS_ROLE_NAME",
		"assume_role", "ALICLOUD_ASSUME_ROLE_ARN",
	)

	if strings.Contains(err.Error(), "sets a role to assume") {
		t.Errorf("error %q speaks of a role when none is set", err)
	}

	// A role to assume is not a credential by itself.
	_, err = Resolve(Settings{AssumeRole: &AssumeRole{RoleARN: "arn"}}, envOf(nil))
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
	wantErr(t, err, "assume_role block sets a role to assume, but there is no credential to assume it with")
}

// TestCredentialsFile reads a section of the SDKs' ini credentials file,
// after keys in the environment and before a CLI profile.
func TestCredentialsFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "credentials")
	ini := "[default]\ntype = access_key\naccess_key_id = iniAK\naccess_key_secret = iniSecret\n\n" +
		"[ci]\ntype = access_key\naccess_key_id = ciAK\naccess_key_secret = ciSecret\n"
	if err := os.WriteFile(file, []byte(ini), 0o600); err != nil {
		t.Fatal(err)
	}
	// credentials-go reads the variables from the process environment.
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", file)
	env := map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": file}

	r := mustResolve(t, Settings{}, env)
	if r.Plan.Type != TypeCredentialsFile || r.Plan.ProfileName != "default" || r.Plan.ProfileFile != file {
		t.Errorf("plan = %+v", r.Plan)
	}
	wantKeys(t, r, "iniAK", "iniSecret", "")

	t.Setenv("ALIBABA_CLOUD_PROFILE", "ci")
	r = mustResolve(t, Settings{}, map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": file, "ALIBABA_CLOUD_PROFILE": "ci"})
	if !strings.Contains(r.Source, `section "ci" (chosen by ALIBABA_CLOUD_PROFILE)`) {
		t.Errorf("Source = %q", r.Source)
	}
	wantKeys(t, r, "ciAK", "ciSecret", "")

	r = mustResolve(t, Settings{}, map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": file, "ALIBABA_CLOUD_ACCESS_KEY_ID": "envAK", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"})
	if r.Plan.Type != TypeAccessKey {
		t.Errorf("keys in the environment should beat the credentials file, got %q", r.Plan.Type)
	}
	cfg := writeConfig(t, t.TempDir(), cliConfig)
	r = mustResolve(t, Settings{}, map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": file, "ALIBABA_CLOUD_CONFIG_FILE": cfg})
	if r.Plan.Type != TypeCredentialsFile {
		t.Errorf("the credentials file should beat the CLI config in the environment, got %q", r.Plan.Type)
	}

	_, err := Resolve(Settings{}, envOf(map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": filepath.Join(t.TempDir(), "missing")}))
	wantErr(t, err, "ALIBABA_CLOUD_CREDENTIALS_FILE", "cannot be read")
}

// Every variable Resolve reads must be documented for users.
func TestPrecedenceDescriptionNamesEveryVariable(t *testing.T) {
	for _, name := range []string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE",
		"ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_ROLE_SESSION_NAME", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_STS_ENDPOINT",
		"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_PROFILE",
		"ALICLOUD_SHARED_CREDENTIALS_FILE", "ALICLOUD_ASSUME_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_SESSION_NAME",
		"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "ALICLOUD_ECS_ROLE_NAME", "ALICLOUD_STS_ENDPOINT",
	} {
		if !strings.Contains(PrecedenceDescription, "`"+name+"`") {
			t.Errorf("PrecedenceDescription does not mention %s", name)
		}
	}
}
