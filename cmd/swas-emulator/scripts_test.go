//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/tea"
)

// With -run-scripts, the command prints where scripts run, runs them for
// real on the allowed instances, and kills what still runs when it stops.
func TestRunScripts(t *testing.T) {
	const instance = "ace0706b2ac4454d984295a942130001"
	root := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-fixture", "../../internal/emulator/testdata/sample-world.json", "-quiet",
			"-run-scripts", "-run-scripts-root", root, "-run-scripts-allow", instance + ",ace0706b2ac4454d984295a942130009"}, stdoutW, io.Discard)
		stdoutW.Close()
		done <- err
	}()
	printed := readPrinted(stdoutR)
	if filepath.Dir(printed["scripts"]) != root {
		t.Fatalf("printed %v, want scripts in %s", printed, root)
	}
	c := newPrintedClient(t, printed)
	resp, err := c.RunCommand(&swas.RunCommandRequest{
		RegionId: tea.String(printed["region"]), InstanceId: tea.String(instance), Name: tea.String("pid"),
		Type: tea.String("RunShellScript"), CommandContent: tea.String("echo $$ > sh.pid; sleep 60"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if status := result(t, c, printed["region"], instance, tea.StringValue(resp.Body.InvokeId)); status != "Running" {
		t.Errorf("the script is %s, want Running", status)
	}
	pidFile := filepath.Join(printed["scripts"], instance, "root", "sh.pid")
	pid := waitForPid(t, pidFile)

	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the script's shell, process %d, survived the emulator: %v", pid, err)
	}
	if _, err := os.Stat(pidFile); err != nil {
		t.Errorf("what the script wrote under -run-scripts-root is gone: %v", err)
	}
}

func result(t *testing.T, c *swas.Client, region, instance, invokeID string) string {
	t.Helper()
	resp, err := c.DescribeInvocationResult(&swas.DescribeInvocationResultRequest{
		RegionId: tea.String(region), InstanceId: tea.String(instance), InvokeId: tea.String(invokeID),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tea.StringValue(resp.Body.InvocationResult.InvocationStatus)
}

// waitForPid waits, in real time, for a script to write its pid.
func waitForPid(t *testing.T, path string) int {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(path)
		if pid, convErr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && convErr == nil && bytes.HasSuffix(b, []byte("\n")) {
			return pid
		}
	}
	t.Fatalf("%s was not written", path)
	return 0
}
