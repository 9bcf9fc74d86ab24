package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// machine is what a reader needs to compare a run with their own.
type machine struct {
	cpus        int
	cpuModel    string
	memory      int64 // bytes
	goVersion   string
	tofuVersion string
}

func describeMachine(ctx context.Context, tofuBin string) (machine, error) {
	m := machine{cpus: runtime.NumCPU()} // like nproc, it honours the affinity mask
	var err error
	if m.cpuModel, err = procField("/proc/cpuinfo", "model name"); err != nil {
		return m, err
	}
	memTotal, err := procField("/proc/meminfo", "MemTotal")
	if err != nil {
		return m, err
	}
	kib, err := strconv.ParseInt(strings.TrimSuffix(memTotal, " kB"), 10, 64)
	if err != nil {
		return m, fmt.Errorf("reading MemTotal %q: %w", memTotal, err)
	}
	m.memory = kib << 10

	// The provider is built by the go on PATH, not by whatever built us.
	goVersion, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output()
	if err != nil {
		return m, fmt.Errorf("go env GOVERSION: %w", err)
	}
	m.goVersion = strings.TrimSpace(string(goVersion))

	cmd := exec.CommandContext(ctx, tofuBin, "version", "-json")
	cmd.Env = cleanEnv()
	out, err := cmd.Output()
	if err != nil {
		return m, fmt.Errorf("%s version: %w", tofuBin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return m, fmt.Errorf("reading %s version -json: %w", tofuBin, err)
	}
	m.tofuVersion = "OpenTofu v" + v.Version
	return m, nil
}

// procField returns the first value of key in a "key : value" file of /proc.
func procField(path, key string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s has no %q", path, key)
}

func (m machine) write(w io.Writer) {
	fmt.Fprintf(w, "Machine: %d CPUs (nproc), %s, %s memory, %s/%s; %s, %s.\n",
		m.cpus, m.cpuModel, formatBytes(m.memory), runtime.GOOS, runtime.GOARCH, m.goVersion, m.tofuVersion)
}
