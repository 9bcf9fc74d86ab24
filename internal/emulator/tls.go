package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"slices"
	"time"
)

// CA is a certificate authority made for one emulator: Start signs the
// certificate of an HTTPS listener with it, and clients trust that
// certificate by trusting the CA, through SSL_CERT_FILE (which Go reads on
// Linux and the BSDs, as do OpenSSL and curl) or a certificate pool. Its
// key stays in memory, so nothing else can be signed with it.
type CA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

// caValidity is how long certificates are valid, from an hour ago so that
// a client's clock a little behind still accepts them.
const caValidity = 365 * 24 * time.Hour

// NewCA generates a CA.
func NewCA() (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          serialNumber(),
		Subject:               pkix.Name{Organization: []string{"swas-emulator"}, CommonName: "swas-emulator CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(caValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// PEM is the CA's certificate, PEM-encoded: the content of the file that
// SSL_CERT_FILE names.
func (ca *CA) PEM() []byte { return ca.pem }

// WriteFile writes the CA's certificate to path. It is public: anyone may
// read it.
func (ca *CA) WriteFile(path string) error {
	return os.WriteFile(path, ca.pem, 0o644) //nolint:gosec // a certificate, not a secret
}

// CertPool is a pool holding only this CA, for clients in this process.
func (ca *CA) CertPool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	return pool
}

// issue signs a server certificate for hosts: names and IP addresses.
func (ca *CA) issue(hosts []string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := &x509.Certificate{
		SerialNumber: serialNumber(),
		Subject:      pkix.Name{Organization: []string{"swas-emulator"}, CommonName: hosts[0]},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     ca.cert.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			template.IPAddresses = append(template.IPAddresses, ip)
		} else {
			template.DNSNames = append(template.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, template, ca.cert, key.Public(), ca.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

func serialNumber() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127)) // never fails
	return n
}

// certificateHosts are the names a certificate for a listener on addr
// covers: its host, and loopback by name and address, which is how local
// clients reach a listener on every interface.
func certificateHosts(addr string) []string {
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err == nil && host != "" && !slices.Contains(hosts, host) && (ip == nil || !ip.IsUnspecified()) {
		hosts = append(hosts, host)
	}
	return hosts
}

// tlsConfig serves cert with HTTP/2 offered unless the server was made
// HTTP1Only, counts every handshake and makes it cost a round trip: TLS
// 1.3's, between the ClientHello and the server's answer.
func (s *Server) tlsConfig(cert tls.Certificate) *tls.Config {
	protocols := []string{"h2", "http/1.1"}
	if s.http1Only {
		protocols = []string{"http/1.1"}
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		NextProtos:   protocols,
		GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			s.conns.handshake()
			if err := wait(hello.Context(), s.roundTrip()); err != nil {
				return nil, err
			}
			return nil, nil // the config above
		},
	}
}
