package provider_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
	"github.com/openswas/terraform-provider-swas/internal/provider/framework"
)

// TestExamples checks every directory of .tf files under examples/ with the
// CLI of TF_ACC_TERRAFORM_PATH (make test: the pinned OpenTofu) and a
// provider built from this tree: fmt -check, init and validate; and applies
// the quick start against an emulator seeded from its fixture.
func TestExamples(t *testing.T) {
	tofu := acctest.NewTofuCLI(t)
	root := acctest.RepositoryRoot(t)

	dirs := exampleDirs(t, filepath.Join(root, "examples"))
	for _, dir := range dirs {
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			if strings.HasPrefix(filepath.ToSlash(rel), "examples/actions/") {
				acctest.RequireTerraform(t, "an action block", "1.14.0")
			}
			tofu.Run(t, dir, nil, "fmt", "-check", "-diff")
			work := acctest.CopyExample(t, dir)
			tofu.Run(t, work, nil, "init", "-input=false", "-no-color")
			tofu.Run(t, work, nil, "validate", "-no-color")
		})
	}

	t.Run("examples/quickstart/apply", func(t *testing.T) {
		testQuickstartApply(t, tofu, filepath.Join(root, "examples", "quickstart"))
	})
}

// testQuickstartApply applies the quick start as `make quickstart` does and
// checks what it reports for each seeded invocation.
func testQuickstartApply(t *testing.T, tofu acctest.TofuCLI, dir string) {
	server, err := emulator.NewFromFixture(filepath.Join(dir, "emulator.json"), emulator.Options{})
	if err != nil {
		t.Fatalf("seeding the emulator: %v", err)
	}
	work, env := acctest.InitExample(t, tofu, dir, server)
	tofu.Run(t, work, env, "apply", "-auto-approve", "-input=false", "-no-color")

	type result struct {
		Status   string `json:"status"`
		ExitCode *int64 `json:"exit_code"`
		Output   string `json:"output"`
	}
	var got map[string]result
	if err := json.Unmarshal([]byte(tofu.Run(t, work, env, "output", "-json", "results")), &got); err != nil {
		t.Fatalf("reading the results output: %v", err)
	}
	exitCode := func(c int64) *int64 { return &c }
	want := map[string]result{
		"hello":  {Status: "Success", ExitCode: exitCode(0), Output: "Hello from swas-quickstart\nLinux\n"},
		"list":   {Status: "Failed", ExitCode: exitCode(2), Output: "ls: cannot access '/srv/app/releases': No such file or directory\n"},
		"deploy": {Status: "Success", ExitCode: exitCode(0), Output: "Pulling release v1.4.2\nRestarting app.service\nDeployed v1.4.2\n"},
	}
	if !reflect.DeepEqual(got, want) {
		// JSON shows the exit codes rather than their pointers.
		gotJSON, _ := json.MarshalIndent(got, "", "  ")
		wantJSON, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("results = %s\nwant %s", gotJSON, wantJSON)
	}
	testQuickstartWelcome(t, tofu, work, env, server)
}

// testQuickstartWelcome checks the command run on the server whose agent
// comes online late: it succeeded, with one RunCommand call.
func testQuickstartWelcome(t *testing.T, tofu acctest.TofuCLI, work string, env []string, server *emulator.Server) {
	t.Helper()
	var welcome struct {
		Status string `json:"status"`
		Output string `json:"output"`
	}
	if err := json.Unmarshal([]byte(tofu.Run(t, work, env, "output", "-json", "welcome")), &welcome); err != nil {
		t.Fatalf("reading the welcome output: %v", err)
	}
	if welcome.Status != "Success" || welcome.Output != "Welcome to swas-quickstart\n" {
		t.Errorf("welcome = %+v, want Success and the fixture's output", welcome)
	}
	if n := server.Requests("RunCommand"); n != 1 {
		t.Errorf("%d RunCommand calls, want 1", n)
	}
	t.Logf("%d reads of the fresh server's agent before it ran", server.Requests("DescribeCloudAssistantAttributes"))
}

// exampleDirs lists the directories under examples that hold .tf files.
func exampleDirs(t *testing.T, examples string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(examples, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && filepath.Ext(path) == ".tf" && !slices.Contains(dirs, filepath.Dir(path)) {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no examples found in %s", examples)
	}
	return dirs
}

// TestExamples_runCommandImport applies the import example of
// swas_run_command on its own, as a user would copy it, against an
// emulator that has the run it imports: the plan imports it and changes
// nothing, and the apply runs nothing.
func TestExamples_runCommandImport(t *testing.T) {
	tofu := acctest.NewTofuCLI(t)
	const instance, invokeID = "ace0706b2ac4454d984295a94213abcd", "t-bj02prjhw1ndeploy"
	server := emulator.New(emulator.Options{
		Regions:     []string{acctest.Region},
		Credentials: []emulator.Credential{{AccessKeyID: acctest.KeyID, AccessKeySecret: acctest.KeySecret}},
	})
	server.AddInstance(emulator.Instance{ID: instance, RegionID: acctest.Region, Status: emulator.InstanceRunning})
	server.AddInvocation(emulator.Invocation{
		InvokeID: invokeID, InstanceID: instance, CommandName: "deploy", CommandType: framework.ShellScript,
		CommandContent: "/srv/app/deploy.sh {{release}}", Parameters: map[string]any{"release": "v1.4.2"},
		Output: []byte("Deployed v1.4.2\n"),
	})
	dir := t.TempDir()
	example := filepath.Join(acctest.RepositoryRoot(t), "examples", "resources", "swas_run_command", "import-by-string-id.tf")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), readFile(t, example), 0o600); err != nil {
		t.Fatal(err)
	}
	work, env := acctest.InitExample(t, tofu, dir, server)
	planned := tofu.Run(t, work, env, "plan", "-input=false", "-no-color")
	if !acctest.WrappedRegexp(`Plan: 1 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(planned) {
		t.Errorf("the import example does not plan the import alone:\n%s", planned)
	}
	tofu.Run(t, work, env, "apply", "-auto-approve", "-input=false", "-no-color")
	if n := server.Requests("RunCommand"); n != 0 {
		t.Errorf("importing ran the command %d times", n)
	}
}

// TestImportDocsForBothCLIs: every resource page that documents an import
// shows it with an import block and with the import command of each CLI.
func TestImportDocsForBothCLIs(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join(acctest.RepositoryRoot(t), "docs", "resources", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no resource pages: %v", err)
	}
	for _, page := range pages {
		text := string(readFile(t, page))
		_, section, found := strings.Cut(text, "## Import")
		if !found {
			continue
		}
		resourceType := "swas_" + strings.TrimSuffix(filepath.Base(page), ".md")
		for _, want := range []string{"import {\n  to = " + resourceType + ".", "terraform import " + resourceType + ".", "tofu import " + resourceType + "."} {
			if !strings.Contains(section, want) {
				t.Errorf("%s: the Import section has no %q", filepath.Base(page), want)
			}
		}
	}
}
