// Package acctest is what the provider's acceptance tests share, in every
// package that has some: the provider served in-process, the SWAS
// emulator it talks to with a world the test controls, configurations
// loaded from testdata/<TestName>/, state checks, and OpenTofu or
// Terraform run as a user runs it. Only tests import it.
package acctest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/openswas/terraform-provider-swas/internal/provider"
	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// The world every test starts from: one key pair, one running server.
const (
	Region    = "cn-hangzhou"
	KeyID     = "LTAI5tEmulatorTestKey"
	KeySecret = "emulator-test-secret"
	// Instance is the server most tests run commands on.
	Instance = "ace0706b2ac4454d984295a942130001"
)

// Epoch is the emulator's world time when a test starts.
var Epoch = time.Date(2022, 7, 11, 6, 37, 16, 0, time.UTC)

// The emulator's actions whose requests tests count or disturb.
const (
	DescribeResultAction     = "DescribeInvocationResult"
	RunCommandAction         = "RunCommand"
	DescribeAgentAction      = "DescribeCloudAssistantAttributes"
	InvokeCommandAction      = "InvokeCommand"
	CommandInvocationsAction = "DescribeCommandInvocations"
)

// The addresses of what the tests' configurations declare.
const (
	ResultAddress = "data.swas_invocation_result.test"
	RunAddress    = "swas_run_command.test"
)

// Main runs a package's tests; with TF_ACC, it gives the acceptance tests
// a CLI configuration of their own, so that nothing from the machine leaks
// in, and checks that they were told which CLI to run. A package's
// TestMain calls it.
func Main(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		os.Exit(m.Run())
	}
	dir, err := setUpAcceptance()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// setUpAcceptance points TF_CLI_CONFIG_FILE at an empty file in a new
// directory, which it returns.
func setUpAcceptance() (string, error) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		return "", errors.New("acceptance tests need TF_ACC_TERRAFORM_PATH, the CLI to run, and with OpenTofu " +
			"TF_ACC_PROVIDER_HOST=registry.opentofu.org: `make test` sets both for the pinned OpenTofu")
	}
	dir, err := os.MkdirTemp("", "swas-acc-")
	if err != nil {
		return "", err
	}
	cliConfig := filepath.Join(dir, "tofurc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		return "", err
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	os.Setenv("CHECKPOINT_DISABLE", "1")
	return dir, nil
}

// ProviderHost is the registry host under which the CLI resolves
// "openswas/swas", and terraform-plugin-testing the provider it serves:
// TF_ACC_PROVIDER_HOST, with terraform-plugin-testing's default.
func ProviderHost() string {
	if host := os.Getenv(resource.EnvTfAccProviderHost); host != "" {
		return host
	}
	return "registry.terraform.io"
}

// QuickWait makes waiting quick in tests; its bounds are covered by unit
// tests.
var QuickWait = swasclient.WaitOptions{
	Poll:          swasclient.PollSchedule{Min: 200 * time.Millisecond, Max: time.Second},
	NotFoundGrace: 2 * time.Second,
}

// Providers serves the provider in-process with an empty environment, so
// that the machine's variables cannot change results.
func Providers() map[string]func() (tfprotov6.ProviderServer, error) {
	return ProvidersWithEnv(nil)
}

// ProvidersWithEnv serves the provider in-process with the given
// environment only.
func ProvidersWithEnv(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"swas": provider.NewServer("test", provider.Options{
			Getenv: func(name string) string { return env[name] },
			Wait:   QuickWait,
		}),
	}
}

// ExpectValue checks an attribute of a resource or data source in the
// state.
func ExpectValue(address, attribute string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(attribute), value)
}

// ExpectValueAt checks a value anywhere in a resource or data source in the
// state, e.g. in one element of a list.
func ExpectValueAt(address string, at tfjsonpath.Path, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, at, value)
}

// WrappedRegexp matches pattern in OpenTofu's output, which wraps long
// lines: each space in pattern matches any run of white space.
func WrappedRegexp(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// IdentityVersions skip a test of resource identity on a CLI without
// them: Terraform and OpenTofu have them from 1.12.
var IdentityVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
