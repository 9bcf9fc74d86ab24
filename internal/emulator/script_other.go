//go:build !unix

package emulator

import (
	"errors"
	"os"
	"os/exec"
)

// ownProcessGroup refuses: scripts run in /bin/sh, in process groups.
func ownProcessGroup(*exec.Cmd) error {
	return errors.New("running scripts needs a Unix system")
}

func killGroup(int) {}

func exitCode(state *os.ProcessState) int64 { return int64(state.ExitCode()) }
