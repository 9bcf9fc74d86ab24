package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// cliVersionLine is the first line of `terraform version` and `tofu
// version`: "Terraform v1.15.9", "OpenTofu v1.12.6".
var cliVersionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\S+)$`)

// cliVersion is the name and version of the CLI of TF_ACC_TERRAFORM_PATH,
// asked once.
var cliVersion = sync.OnceValues(func() (string, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		return "", fmt.Errorf("TF_ACC_TERRAFORM_PATH is not set")
	}
	cmd := exec.Command(path, "version")
	// An empty CLI configuration, so that warnings about the machine's
	// cannot hide the version.
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", path, err)
	}
	match := cliVersionLine.FindSubmatch(out)
	if match == nil {
		return "", fmt.Errorf("%s version printed no Terraform or OpenTofu version:\n%s", path, out)
	}
	return string(match[1]) + " " + string(match[2]), nil
})

// RequireTerraform skips a test of a feature OpenTofu does not have (yet)
// unless TF_ACC_TERRAFORM_PATH is Terraform at minimum or later; feature
// names it in the reason. The workflow's Terraform matrix runs such tests.
func RequireTerraform(t *testing.T, feature, minimum string) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run the CLI")
	}
	nameAndVersion, err := cliVersion()
	if err != nil {
		t.Fatal(err)
	}
	name, raw, _ := strings.Cut(nameAndVersion, " ")
	if name != "Terraform" {
		t.Skipf("%s needs Terraform %s or later; TF_ACC_TERRAFORM_PATH is %s", feature, minimum, nameAndVersion)
	}
	have, err := version.NewVersion(raw)
	if err != nil {
		t.Fatalf("the version of %s: %v", nameAndVersion, err)
	}
	if have.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("%s needs Terraform %s or later; TF_ACC_TERRAFORM_PATH is %s", feature, minimum, nameAndVersion)
	}
}
