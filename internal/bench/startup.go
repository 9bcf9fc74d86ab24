package bench

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
)

// pluginMagicCookie is terraform-plugin-go's handshake cookie for protocol
// 6: without it in the environment a provider refuses to serve.
const pluginMagicCookie = "TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"

// startupSample is one start of the provider as OpenTofu starts it.
type startupSample struct {
	handshake   time.Duration // exec until the address line on stdout
	schema      time.Duration // exec until the GetProviderSchema answer
	schemaBytes int
}

// measureStartup starts the provider the way OpenTofu does (go-plugin's
// handshake with automatic mutual TLS, so the provider makes its own
// certificate as it does under OpenTofu) and times it until its schema is
// served, without any of OpenTofu's own start-up in the figure.
func (s *session) measureStartup(ctx context.Context, t *table) error {
	clientCert, err := newClientCert()
	if err != nil {
		return err
	}
	var handshakes, schemas []time.Duration
	var schemaBytes int
	for i := range s.cfg.StartupRuns {
		sample, err := startOnce(ctx, s.provider, clientCert)
		if err != nil {
			return err
		}
		s.progress("start-up %d/%d: handshake %s, schema %s", i+1, s.cfg.StartupRuns, formatDuration(sample.handshake), formatDuration(sample.schema))
		handshakes = append(handshakes, sample.handshake)
		schemas = append(schemas, sample.schema)
		schemaBytes = sample.schemaBytes
	}
	info, err := os.Stat(s.provider)
	if err != nil {
		return err
	}

	t.section("Start-up and size")
	t.add(row{measure: "start-up: exec to go-plugin handshake", swas: formatDuration(median(handshakes))})
	schema := median(schemas)
	t.add(row{
		measure: fmt.Sprintf("start-up: exec to GetProviderSchema answer (%s)", formatBytes(int64(schemaBytes))),
		swas:    formatDuration(schema), target: "< 100 ms", met: verdict(schema < 100*time.Millisecond),
	})
	t.add(row{measure: "binary size (-trimpath -s -w, as released)", swas: formatBytes(info.Size())})
	return nil
}

// clientCert is what OpenTofu's side of automatic mutual TLS holds.
type clientCert struct {
	pem  string
	cert tls.Certificate
}

func newClientCert() (clientCert, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return clientCert{}, err
	}
	// go-plugin trusts the client certificate as its own CA.
	template := &x509.Certificate{
		Subject:               pkix.Name{CommonName: "localhost"},
		DNSNames:              []string{"localhost"},
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		SerialNumber:          big.NewInt(1),
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return clientCert{}, err
	}
	return clientCert{
		pem:  string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		cert: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
	}, nil
}

func startOnce(ctx context.Context, bin string, client clientCert) (startupSample, error) {
	var sample startupSample
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(cleanEnv(), pluginMagicCookie, "PLUGIN_PROTOCOL_VERSIONS=6", "PLUGIN_CLIENT_CERT="+client.pem)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return sample, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return sample, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()

	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return sample, fmt.Errorf("reading the provider's handshake: %w", err)
	}
	sample.handshake = time.Since(start)
	conn, err := dialProvider(line, client)
	if err != nil {
		return sample, err
	}
	defer conn.Close()
	// The request has no fields, so an Empty encodes it; the answer's
	// fields are kept as unknown ones, enough to measure its size.
	var schema emptypb.Empty
	callCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := conn.Invoke(callCtx, "/tfplugin6.Provider/GetProviderSchema", &emptypb.Empty{}, &schema); err != nil {
		return sample, fmt.Errorf("GetProviderSchema: %w", err)
	}
	sample.schema = time.Since(start)
	sample.schemaBytes = proto.Size(&schema)
	if sample.schemaBytes == 0 {
		return sample, errors.New("GetProviderSchema answered with an empty schema")
	}
	return sample, nil
}

// dialProvider connects to the provider its handshake line announces:
// CORE-VERSION|APP-VERSION|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT.
func dialProvider(line string, client clientCert) (*grpc.ClientConn, error) {
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) < 6 || parts[1] != "6" || parts[4] != "grpc" {
		return nil, fmt.Errorf("unexpected handshake %q", line)
	}
	der, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return nil, fmt.Errorf("reading the provider's certificate: %w", err)
	}
	serverCert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("reading the provider's certificate: %w", err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(serverCert)
	tlsConfig := &tls.Config{
		Certificates: []tls.Certificate{client.cert},
		RootCAs:      roots,
		ServerName:   "localhost",
		MinVersion:   tls.VersionTLS12,
	}
	target := "passthrough:///" + parts[3]
	if parts[2] == "unix" {
		target = "unix:" + parts[3]
	}
	return grpc.NewClient(target, grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)))
}
