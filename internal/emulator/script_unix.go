//go:build unix

package emulator

import (
	"os"
	"os/exec"
	"syscall"
)

// ownProcessGroup makes the command the leader of a new process group, so
// that killing the group ends whatever the script started too.
func ownProcessGroup(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return nil
}

// killGroup kills every process of a group; a group already gone is fine.
func killGroup(pgid int) {
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// exitCode is the shell's exit status, 128 plus the signal's number when
// a signal ended it, as shells report it.
func exitCode(state *os.ProcessState) int64 {
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int64(ws.Signal())
	}
	return int64(state.ExitCode())
}
