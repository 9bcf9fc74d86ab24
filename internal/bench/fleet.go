package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// The fleet case: one command of fleetCommand on fleetSize servers.
const (
	fleetSize    = 50
	fleetCommand = 30 * time.Second
)

// fleetCase is one way of running the command on the whole fleet.
type fleetCase struct {
	name, config string
	// starts and reads are the actions that start the command and read
	// its results.
	starts, reads string
}

// measureFleet applies, against one emulator on the real clock, one
// swas_command_invocation on the whole fleet, then one swas_run_command per
// server, all running the same command, and reports each apply's API
// requests and wall time; then the rollouts (rollout.go). OpenTofu runs
// as users run it, with its default parallelism of 10.
func (s *session) measureFleet(ctx context.Context, t *table) error {
	b := newBackendWith(emulator.Options{RunCommand: func(inv *emulator.Invocation) { inv.RunningFor = fleetCommand }}, nil)
	defer b.close()
	b.SetInvokeCommand(func(inv *emulator.Invocation) { inv.RunningFor = fleetCommand })
	for i := range fleetSize {
		b.addServer(i)
	}
	cases := []fleetCase{
		{"one swas_command_invocation", fleetInvocationConfig(b), "InvokeCommand", "DescribeCommandInvocations"},
		{fmt.Sprintf("%d swas_run_command", fleetSize), runCommandsConfig(b), "RunCommand", "DescribeInvocationResult"},
	}
	t.section(fmt.Sprintf("A %s command on %d servers (one apply each, default parallelism)", formatSeconds(fleetCommand), fleetSize))
	for i, c := range cases {
		dir, err := writeWorkspace(s.work, fmt.Sprintf("fleet-%d", i), c.config)
		if err != nil {
			return err
		}
		b.ResetCounters()
		s.progress("applying %s on %d servers", c.name, fleetSize)
		run, out, err := s.tofu.run(ctx, dir, []string{"apply", "-auto-approve", "-input=false", "-no-color"})
		if err != nil {
			return fmt.Errorf("tofu apply of %s: %w\n%s", c.name, err, lastBytes(out, 4000))
		}
		s.progress("%s: %s, %d requests", c.name, formatDuration(run.wall), b.TotalRequests())
		t.add(row{measure: c.name + ": apply wall time", swas: formatDuration(run.wall)})
		t.add(row{measure: c.name + ": API requests", swas: fmt.Sprintf("%d (%d %s, %d %s)",
			b.TotalRequests(), b.Requests(c.starts), c.starts, b.Requests(c.reads), c.reads)})
	}
	return s.measureRollouts(ctx, t)
}

// fleetInvocationConfig saves the command and runs it on every server at
// once.
func fleetInvocationConfig(b *backend) string {
	ids := make([]string, 0, fleetSize)
	for i := range fleetSize {
		ids = append(ids, fmt.Sprintf("%q", instanceID(i)))
	}
	return savedCommandConfig(b, fmt.Sprintf("sleep %d", int(fleetCommand.Seconds()))) + fmt.Sprintf(`
resource "swas_command_invocation" "fleet" {
  command_id   = swas_command.fleet.id
  instance_ids = [%s]
}
`, strings.Join(ids, ", "))
}

// runCommandsConfig runs the command with one resource per server.
func runCommandsConfig(b *backend) string {
	return providerConfig(b) + fmt.Sprintf(`
resource "swas_run_command" "server" {
  count           = %d
  instance_id     = format(%q, count.index)
  command_content = "sleep %d"
}
`, fleetSize, instanceFormat, int(fleetCommand.Seconds()))
}

// savedCommandConfig is the provider block of b and a saved command,
// swas_command.fleet, that runs script.
func savedCommandConfig(b *backend, script string) string {
	return providerConfig(b) + fmt.Sprintf(`
resource "swas_command" "fleet" {
  name            = "bench"
  command_content = %q
}
`, script)
}
