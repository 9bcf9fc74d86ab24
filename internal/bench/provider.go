package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// providerSource is how configurations name the provider; OpenTofu and the
// reattach configuration below resolve it under OpenTofu's default registry.
const providerSource = "openswas/swas"

// buildProvider builds the provider into dir/plugins the way a release is
// built (static, trimmed paths, no symbol table), so that its size and
// start-up are those users get.
func buildProvider(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "plugins", "terraform-provider-swas")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=0.0.1", "-o", bin, ".")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	return bin, nil
}

// reattached is a provider started by us in debug mode, which OpenTofu
// attaches to through TF_REATTACH_PROVIDERS instead of starting its own.
// Being our child, its CPU time and peak memory come from wait4 when it stops.
type reattached struct {
	cmd    *exec.Cmd
	env    string // TF_REATTACH_PROVIDERS=...
	copied chan struct{}
}

// usage is what a stopped process used, its own and nothing of OpenTofu's.
type usage struct {
	cpu    time.Duration // user + system
	maxRSS int64         // bytes
}

func startReattached(ctx context.Context, bin string) (*reattached, error) {
	cmd := exec.CommandContext(ctx, bin, "-debug")
	cmd.Env = cleanEnv()
	// Stderr gets the SDK's logs; OpenTofu would read and drop them too.
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := &reattached{cmd: cmd, copied: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		defer close(r.copied)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, v, ok := strings.Cut(sc.Text(), "TF_REATTACH_PROVIDERS='"); ok {
				select {
				case found <- strings.TrimSuffix(v, "'"):
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()

	var line string
	select {
	case line = <-found:
	case <-r.copied:
	case <-time.After(10 * time.Second):
	}
	if line == "" {
		_, _ = r.stop()
		return nil, errors.New("the provider printed no reattach configuration in debug mode")
	}
	// The provider names itself by its full address; OpenTofu must find it
	// under the address it resolves providerSource to.
	var byAddress map[string]json.RawMessage
	if err := json.Unmarshal([]byte(line), &byAddress); err != nil || len(byAddress) != 1 {
		_, _ = r.stop()
		return nil, fmt.Errorf("unexpected reattach configuration %q", line)
	}
	for _, cfg := range byAddress {
		b, err := json.Marshal(map[string]json.RawMessage{providerSource: cfg})
		if err != nil {
			_, _ = r.stop()
			return nil, err
		}
		r.env = "TF_REATTACH_PROVIDERS=" + string(b)
	}
	return r, nil
}

// stop interrupts the provider, as a debugger's user would, and returns
// what it used over its whole life.
func (r *reattached) stop() (usage, error) {
	// An error means it has exited already; Wait tells how.
	_ = r.cmd.Process.Signal(os.Interrupt)
	<-r.copied
	waitErr := r.cmd.Wait()
	ru, ok := r.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return usage{}, errors.New("no resource usage for the provider")
	}
	u := usage{
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		maxRSS: ru.Maxrss << 10, // kilobytes on Linux
	}
	if waitErr != nil {
		return u, fmt.Errorf("the provider did not stop cleanly: %w", waitErr)
	}
	return u, nil
}
