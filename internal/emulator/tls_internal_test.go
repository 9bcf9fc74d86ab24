package emulator

import (
	"slices"
	"testing"
)

// TestCertificateHosts: the certificate covers loopback by name and
// address, and the listener's own host when it names one.
func TestCertificateHosts(t *testing.T) {
	loopback := []string{"localhost", "127.0.0.1", "::1"}
	for addr, want := range map[string][]string{
		"127.0.0.1:8443":   loopback,
		"localhost:8443":   loopback,
		"10.1.2.3:8443":    append(slices.Clone(loopback), "10.1.2.3"),
		"swas.test:8443":   append(slices.Clone(loopback), "swas.test"),
		"0.0.0.0:8443":     loopback, // every interface: no name of its own
		"[::]:8443":        loopback,
		":8443":            loopback,
		"10.1.2.3-no-port": loopback,
	} {
		if got := certificateHosts(addr); !slices.Equal(got, want) {
			t.Errorf("certificateHosts(%q) = %v, want %v", addr, got, want)
		}
	}
}
