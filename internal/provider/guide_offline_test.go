package provider_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

// TestAccGuide_testingOffline does what the testing-offline guide tells
// users to do, on this clone: go install ./cmd/swas-emulator, then the
// example module's run-tests.sh, which the guide shows whole, under the CLI
// of TF_ACC_TERRAFORM_PATH. Its three test files must pass: a deploy
// script's exit code and output under real scripts, a fleet with one server
// failing, and ten commands under a rate limit.
func TestAccGuide_testingOffline(t *testing.T) {
	tofu := acctest.NewTofuCLI(t)
	root := acctest.RepositoryRoot(t)

	bin := t.TempDir()
	install := exec.CommandContext(t.Context(), "go", "install", "./cmd/swas-emulator")
	install.Dir = root
	install.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install ./cmd/swas-emulator: %v\n%s", err, out)
	}

	work := t.TempDir()
	if err := os.CopyFS(work, os.DirFS(filepath.Join(root, "examples", "testing-offline"))); err != nil {
		t.Fatal(err)
	}
	run := tofu.Script(t, work, []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}, "run-tests.sh")
	raw, err := run.CombinedOutput()
	// The script runs the CLI as a user would, in colour.
	out := ansiEscape.ReplaceAllString(string(raw), "")
	if err != nil {
		t.Fatalf("run-tests.sh: %v\n%s", err, out)
	}
	for _, want := range []string{"tests/deploy.tftest.hcl... pass", "tests/fleet.tftest.hcl... pass", "tests/rate_limit.tftest.hcl... pass", "3 passed, 0 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("run-tests.sh printed no %q:\n%s", want, out)
		}
	}
}

// ansiEscape matches the escape sequences that colour a terminal's text.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)
