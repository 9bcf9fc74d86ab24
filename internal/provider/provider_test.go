package provider_test

import (
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccProvider_environment configures everything from the environment,
// in both variable families.
func TestAccProvider_environment(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	config := emu.Config(t, "main.tf", nil)
	check := []statecheck.StateCheck{acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("hello\n"))}

	for name, env := range map[string]map[string]string{
		"alibaba cloud": {
			"SWAS_ENDPOINT":                   emu.URL,
			"ALIBABA_CLOUD_REGION_ID":         acctest.Region,
			"ALIBABA_CLOUD_ACCESS_KEY_ID":     acctest.KeyID,
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET": acctest.KeySecret,
		},
		"alicloud": {
			"SWAS_ENDPOINT":       emu.URL,
			"ALICLOUD_REGION":     acctest.Region,
			"ALICLOUD_ACCESS_KEY": acctest.KeyID,
			"ALICLOUD_SECRET_KEY": acctest.KeySecret,
		},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProvidersWithEnv(env),
				Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: check}},
			})
		})
	}
}

// TestAccProvider_attributesBeatEnvironment: a wrong key in the environment
// is ignored when the provider block has the right one.
func TestAccProvider_attributesBeatEnvironment(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProvidersWithEnv(map[string]string{
			"ALIBABA_CLOUD_REGION_ID":         "cn-beijing",
			"ALIBABA_CLOUD_ACCESS_KEY_ID":     "LTAI5tWrongKey",
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "wrong-secret",
		}),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.ResultAddress, "region_id", knownvalue.StringExact(acctest.Region)),
			},
		}},
	})
}

// TestAccProvider_securityToken signs with an STS token, which the
// emulator requires for this key.
func TestAccProvider_securityToken(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	emu.AddCredential(emulator.Credential{AccessKeyID: "STS.tempKey", AccessKeySecret: "temp-secret", SecurityToken: "the-token"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "main.tf", acctest.ConfigValues{"Token": "the-token"}),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("hello\n")),
				},
			},
			{
				Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Token": "a-stale-token"}),
				ExpectError: regexp.MustCompile(`(?s)Alibaba Cloud rejected the credentials.*InvalidSecurityToken`),
			},
		},
	})
}

// TestAccProvider_missingCredentials plans fine without credentials until a
// data source needs the API, then lists the ways to supply them.
func TestAccProvider_missingCredentials(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{
			{
				Config: emu.Config(t, "unrelated.tf", nil),
			},
			{
				Config: emu.Config(t, "read.tf", nil),
				ExpectError: regexp.MustCompile(`(?s)No usable Alibaba Cloud credentials.*access_key.*ALIBABA_CLOUD_ACCESS_KEY_ID.*` +
					`ALICLOUD_ACCESS_KEY`),
			},
		},
	})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("the provider sent %d requests without credentials", n)
	}
}

// TestAccProvider_noCallAtConfiguration: configuring the provider with
// static keys costs no API call.
func TestAccProvider_noCallAtConfiguration(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
		}},
	})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("configuring the provider sent %d requests, want 0", n)
	}
}

// TestAccProvider_invalidSettings are caught at plan time, naming the
// attribute at fault.
func TestAccProvider_invalidSettings(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	var steps []resource.TestStep
	for _, c := range []struct{ settings, want string }{
		{`endpoint = "ftp://127.0.0.1:1"`, `(?s)Invalid endpoint.*scheme must be http or https`},
		{`endpoint = "http://127.0.0.1:8080/api"`, `(?s)Invalid endpoint.*without a path`},
		{`endpoint = "http://"`, `(?s)Invalid endpoint.*has no host`},
		{`endpoint = "http://127.0.0.1:99999"`, `(?s)Invalid endpoint.*The provider's endpoint is not a usable SWAS endpoint: .*port 99999 is not between 1 and 65535`},
		{`endpoint = "http://127.0.0.1:0"`, `(?s)Invalid endpoint.*port 0 is not between 1 and 65535`},
		{`endpoint = "https://admin:hunter2@127.0.0.1:1"`, `(?s)Invalid endpoint.*"https://\*\*\*@127.0.0.1:1" must not carry a user name or password`},
		{`region = "Hangzhou"`, `(?s)Invalid region.*is not a region ID`},
		{`access_key = "LTAI5tOnlyKey"`, `(?s)Incomplete access key.*access_key is set but secret_key is not`},
		{`max_retries = -1`, `(?s)max_retries.*between 0 and 30`},
		{"assume_role {\n session_name = \"x\"\n}", `(?s)Missing required argument.*assume_role.role_arn is required`},
		{"assume_role {\n role_arn = \"arn:aws:iam::1:role/x\"\n}", `(?s)role_arn.*must be a RAM role ARN`},
		{"assume_role {\n role_arn = \"acs:ram::123:role/x\"\n session_expiration = 60\n}", `(?s)session_expiration.*between 900 and 43200`},
		{"assume_role_with_oidc {\n role_arn = \"acs:ram::123:role/x\"\n}", `(?s)assume_role_with_oidc.oidc_provider_arn is required`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      emu.Config(t, "main.tf", acctest.ConfigValues{"Settings": c.settings}),
			ExpectError: acctest.WrappedRegexp(c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers(), Steps: steps})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("invalid settings reached the API %d times", n)
	}
}

// TestAccProvider_unknownAtPlan: a provider setting known only at apply
// does not fail the plan.
func TestAccProvider_unknownAtPlan(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers(),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.ExpectValue(acctest.ResultAddress, "output", knownvalue.StringExact("hello\n")),
			},
		}},
	})
}

// TestAccProvider_invalidEndpointFromEnvironment: an unusable SWAS_ENDPOINT
// is reported as the variable, with the attribute's message.
func TestAccProvider_invalidEndpointFromEnvironment(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProvidersWithEnv(map[string]string{
			"SWAS_ENDPOINT":                   "ftp://h",
			"ALIBABA_CLOUD_REGION_ID":         acctest.Region,
			"ALIBABA_CLOUD_ACCESS_KEY_ID":     acctest.KeyID,
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET": acctest.KeySecret,
		}),
		Steps: []resource.TestStep{{
			Config: emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Invalid SWAS_ENDPOINT.*The environment variable SWAS_ENDPOINT is not a usable SWAS ` +
				`endpoint: the scheme must be http or https, not "ftp"\. Set it to a URL such as`),
		}},
	})
}

// TestAccProvider_invalidRegionFromEnvironment: a malformed region in the
// environment is reported as the variable, before any request.
func TestAccProvider_invalidRegionFromEnvironment(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProvidersWithEnv(map[string]string{
			"SWAS_ENDPOINT":                   emu.URL,
			"ALICLOUD_REGION":                 "Hangzhou",
			"ALIBABA_CLOUD_ACCESS_KEY_ID":     acctest.KeyID,
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET": acctest.KeySecret,
		}),
		Steps: []resource.TestStep{{
			Config:      emu.Config(t, "main.tf", nil),
			ExpectError: acctest.WrappedRegexp(`Invalid ALICLOUD_REGION.*The environment variable ALICLOUD_REGION is not a region ID: the value "Hangzhou" is not a region ID`),
		}},
	})
	if n := emu.TotalRequests(); n != 0 {
		t.Errorf("a malformed region reached the API %d times", n)
	}
}

// TestAccProvider_unusableEndpoint: an endpoint that speaks HTTP where the
// setting says HTTPS fails at once, naming the setting that gave it,
// rather than being retried as a temporary failure.
func TestAccProvider_unusableEndpoint(t *testing.T) {
	emu := acctest.NewEmulatorWithFinishedRun(t)
	u, err := url.Parse(emu.URL)
	if err != nil {
		t.Fatal(err)
	}
	https := "https://" + u.Host
	for name, c := range map[string]struct {
		env    map[string]string
		config string
		want   string
	}{
		"attribute": {
			config: emu.Config(t, "attribute.tf", acctest.ConfigValues{"Endpoint": https}),
			want:   `Correct the provider's endpoint`,
		},
		"environment": {
			env: map[string]string{
				"SWAS_ENDPOINT": https, "ALIBABA_CLOUD_REGION_ID": acctest.Region,
				"ALIBABA_CLOUD_ACCESS_KEY_ID": acctest.KeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": acctest.KeySecret,
			},
			config: emu.Config(t, "environment.tf", nil),
			want:   `Correct the environment variable SWAS_ENDPOINT`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProvidersWithEnv(c.env),
				Steps: []resource.TestStep{{
					Config: c.config,
					ExpectError: acctest.WrappedRegexp(`Unusable SWAS endpoint.*` + regexp.QuoteMeta(https) +
						` could not be used, so nothing was sent: the server speaks HTTP, not HTTPS.*server gave HTTP response to HTTPS client.*` + c.want),
				}},
			})
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("the read took %s: it was retried", elapsed)
			}
		})
	}
}
