package provider_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestAccTLS_sslCertFile reads over the emulator's HTTPS, trusted as users
// trust a proxy's or an emulator's CA: through SSL_CERT_FILE in the
// environment OpenTofu runs in, which the provider's process inherits.
// Then, with SSL_CERT_FILE naming another CA, the same reads fail at once
// with an error that says the certificate is not trusted and what to do.
//
// The provider runs out of process here, as a plugin OpenTofu starts:
// crypto/x509 reads SSL_CERT_FILE once per process, and an in-process
// provider would share the test binary's CA store with every other test,
// loaded by whichever needed it first.
func TestAccTLS_sslCertFile(t *testing.T) {
	const reads = 10
	emu := acctest.NewEmulatorWithOptions(t, emulator.Options{TLS: true})
	if !strings.HasPrefix(emu.URL, "https://") {
		t.Fatalf("the emulator serves %s, want HTTPS", emu.URL)
	}
	for i := range reads {
		emu.AddInvocation(emulator.Invocation{
			InvokeID: fmt.Sprintf("t-tls%02d", i), InstanceID: acctest.Instance, CreatedAt: acctest.Epoch, Output: []byte("ok\n"),
		})
	}
	emu.Clock.Advance(time.Minute)
	tofu, work := acctest.ProcessWorkspace(t, emu.Config(t, "main.tf", acctest.ConfigValues{"Count": reads}))

	trusted := filepath.Join(t.TempDir(), "emulator-ca.pem")
	if err := emu.CA.WriteFile(trusted); err != nil {
		t.Fatal(err)
	}
	tofu.Run(t, work, []string{"SSL_CERT_FILE=" + trusted}, "apply", "-auto-approve", "-input=false", "-no-color")
	statuses := tofu.Run(t, work, nil, "output", "-raw", "statuses")
	if want := strings.TrimSuffix(strings.Repeat("Success,", reads), ","); statuses != want {
		t.Errorf("statuses %q, want %q", statuses, want)
	}
	if n := emu.Requests(acctest.DescribeResultAction); n != reads {
		t.Errorf("%d reads, want %d", n, reads)
	}
	if n, h := emu.Connections(), emu.TLSHandshakes(); n == 0 || n > reads || h != n {
		t.Errorf("%d connections and %d TLS handshakes for %d reads at once, want one handshake per connection and "+
			"at most a connection per read", n, h, reads)
	}

	t.Logf("trusted: %d reads over %d connections, %d TLS handshakes", emu.Requests(acctest.DescribeResultAction), emu.Connections(), emu.TLSHandshakes())
	emu.ResetCounters()
	other, err := emulator.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	untrusted := filepath.Join(t.TempDir(), "other-ca.pem")
	if err := other.WriteFile(untrusted); err != nil {
		t.Fatal(err)
	}
	plan := tofu.Command(t, work, []string{"SSL_CERT_FILE=" + untrusted}, "plan", "-input=false", "-no-color")
	var output bytes.Buffer
	plan.Stdout, plan.Stderr = &output, &output
	if err := plan.Run(); err == nil {
		t.Fatalf("a plan trusting another CA succeeded:\n%s", output.String())
	}
	for _, want := range []string{
		"SWAS endpoint's certificate is not trusted",
		"certificate signed by unknown authority",
		"SSL_CERT_FILE",
		"system's CA store",
	} {
		if !acctest.WrappedRegexp(regexp.QuoteMeta(want)).MatchString(output.String()) {
			t.Errorf("the failure does not say %q:\n%s", want, output.String())
		}
	}
	// Each read tried once: retrying cannot make a certificate trusted.
	if n, h := emu.TotalRequests(), emu.TLSHandshakes(); n != 0 || h == 0 || h > reads {
		t.Errorf("%d requests and %d TLS handshakes, want none and at most one per read", n, h)
	}
}
