package swasclient

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Endpoint is where API requests go: the SDK takes the scheme and the host
// (with an optional port) separately.
type Endpoint struct {
	Scheme string // "http" or "https"
	Host   string // host or host:port
	// Setting names where the user set the endpoint, for messages, e.g. a
	// provider attribute or an environment variable; empty for a region's
	// default endpoint.
	Setting string
}

// String returns the endpoint as a URL.
func (e Endpoint) String() string {
	return e.Scheme + "://" + e.Host
}

// DefaultEndpoint is SWAS's public endpoint in a region.
func DefaultEndpoint(region string) Endpoint {
	return Endpoint{Scheme: "https", Host: "swas." + region + ".aliyuncs.com"}
}

// ParseEndpoint accepts a URL such as "https://swas.cn-hangzhou.aliyuncs.com"
// or "http://127.0.0.1:8080", or a bare host name, which means HTTPS.
func ParseEndpoint(raw string) (Endpoint, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Endpoint{}, fmt.Errorf("the endpoint is empty")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Endpoint{}, fmt.Errorf("%q is not a valid URL: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return Endpoint{}, fmt.Errorf("the scheme must be http or https, not %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return Endpoint{}, fmt.Errorf("%q has no host", raw)
	}
	if u.User != nil {
		return Endpoint{}, fmt.Errorf("%q must not carry a user name or password: credentials belong in the provider's credential settings", raw)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return Endpoint{}, fmt.Errorf("%q must be a scheme and a host only, without a path, query or fragment", raw)
	}
	if u.Port() == "" && strings.HasSuffix(u.Host, ":") {
		return Endpoint{}, fmt.Errorf("%q has an empty port", raw)
	}
	if port := u.Port(); port != "" {
		// url.Parse takes any digits.
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Endpoint{}, fmt.Errorf("the port %s is not between 1 and 65535", port)
		}
	}
	return Endpoint{Scheme: u.Scheme, Host: u.Host}, nil
}
