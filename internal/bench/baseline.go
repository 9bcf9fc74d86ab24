package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// side is one provider build the rate-limit cases run against.
type side struct {
	label string // as the table's header names it
	tofu  *tofu  // OpenTofu set up to use that build
}

// buildBaseline builds the provider from revision rev of the repository at
// root into dir/plugins, the way buildProvider builds the working tree,
// and sets OpenTofu up to use it: today's code measured in the same run.
func buildBaseline(ctx context.Context, tofuBin, root, rev, dir string) (side, error) {
	commit, err := gitOutput(ctx, root, "rev-parse", "--short", "--verify", rev+"^{commit}")
	if err != nil {
		return side{}, fmt.Errorf("baseline %q: %w", rev, err)
	}
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return side{}, err
	}
	if err := extractRevision(ctx, root, commit, src); err != nil {
		return side{}, err
	}
	bin, err := buildProvider(ctx, src, dir)
	if err != nil {
		return side{}, fmt.Errorf("baseline %s: %w", commit, err)
	}
	t, err := newTofu(tofuBin, dir, bin)
	if err != nil {
		return side{}, err
	}
	return side{label: "baseline " + commit, tofu: t}, nil
}

// extractRevision writes the tree of commit into dir: git archive | tar -x.
func extractRevision(ctx context.Context, root, commit, dir string) error {
	archive := exec.CommandContext(ctx, "git", "-C", root, "archive", "--format=tar", commit)
	extract := exec.CommandContext(ctx, "tar", "-x", "-C", dir)
	var archiveErr, extractErr bytes.Buffer
	archive.Stderr, extract.Stderr = &archiveErr, &extractErr
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return err
	}
	extract.Stdin = pipe
	if err := archive.Start(); err != nil {
		return fmt.Errorf("git archive %s: %w", commit, err)
	}
	runErr := extract.Run()
	pipe.Close() // if tar stopped early, git must not wait for it forever
	waitErr := archive.Wait()
	if runErr != nil {
		return fmt.Errorf("extracting %s: %w\n%s", commit, runErr, extractErr.Bytes())
	}
	if waitErr != nil {
		return fmt.Errorf("git archive %s: %w\n%s", commit, waitErr, archiveErr.Bytes())
	}
	return nil
}

func gitOutput(ctx context.Context, root string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return strings.TrimSpace(string(out)), nil
}
