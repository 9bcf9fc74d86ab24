package provider_test

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccExamples_joinToken applies examples/join-token against an emulator
// seeded from its fixture, the control plane printing a join command with
// a marker for a token: the worker runs that command, and the token is in
// no saved plan and not in the state.
func TestAccExamples_joinToken(t *testing.T) {
	tofu := acctest.NewTofuCLI(t)
	dir := filepath.Join(acctest.RepositoryRoot(t), "examples", "join-token")
	joinCommand := "kubeadm join 10.0.0.10:6443 --token " + secretMarkers["output"] + " --discovery-token-ca-cert-hash sha256:0a1b\n"
	var mu sync.Mutex
	var started []emulator.Invocation
	server, err := emulator.NewFromFixture(filepath.Join(dir, "emulator.json"), emulator.Options{
		RunCommand: func(inv *emulator.Invocation) {
			mu.Lock()
			defer mu.Unlock()
			inv.Output = []byte(joinCommand)
			started = append(started, *inv)
		},
	})
	if err != nil {
		t.Fatalf("seeding the emulator: %v", err)
	}
	work, env := acctest.InitExample(t, tofu, dir, server)
	for _, name := range []string{"apply", "unchanged"} {
		plan := filepath.Join(work, name+".tfplan")
		planned := tofu.Run(t, work, env, "plan", "-input=false", "-no-color", "-out="+plan)
		if name == "unchanged" && !strings.Contains(planned, "No changes.") {
			t.Errorf("the plan after the apply has changes:\n%s", planned)
		}
		expectNoMarker(t, "tofu show -json of the "+name+" plan", []byte(tofu.Run(t, work, env, "show", "-json", plan)))
		expectNoMarkerInPlanFile(t, plan)
		tofu.Run(t, work, env, "apply", "-input=false", "-no-color", plan)
		expectNoMarker(t, "the state", readFile(t, filepath.Join(work, "terraform.tfstate")))
	}

	if got := tofu.Run(t, work, env, "output", "-json", "join"); got != `{"exit_code":0,"status":"Success"}`+"\n" {
		t.Errorf("join output = %s", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(started) != 2 || started[1].InstanceID != "ace0706b2ac4454d984295a942130002" || started[1].CommandContent != strings.TrimSpace(joinCommand) {
		t.Errorf("the API started %d commands; want the token's, then the join command on the worker: %+v", len(started), started)
	}
}
