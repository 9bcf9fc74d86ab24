package swasclient

import (
	"errors"
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
	// Errors quote the endpoint without a password it may carry.
	shown := withoutUserinfo(raw)
	u, err := url.Parse(raw)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return Endpoint{}, fmt.Errorf("%q is not a valid URL: %w", shown, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return Endpoint{}, fmt.Errorf("the scheme must be http or https, not %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return Endpoint{}, fmt.Errorf("%q has no host", shown)
	}
	if u.User != nil {
		return Endpoint{}, fmt.Errorf("%q must not carry a user name or password: credentials belong in the provider's credential settings", shown)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return Endpoint{}, fmt.Errorf("%q must be a scheme and a host only, without a path, query or fragment", shown)
	}
	if u.Port() == "" && strings.HasSuffix(u.Host, ":") {
		return Endpoint{}, fmt.Errorf("%q has an empty port", shown)
	}
	if port := u.Port(); port != "" {
		// url.Parse takes any digits.
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Endpoint{}, fmt.Errorf("the port %s is not between 1 and 65535", port)
		}
	}
	return Endpoint{Scheme: u.Scheme, Host: u.Host}, nil
}

// withoutUserinfo is a URL of scheme://authority... with the user name and
// password of its authority, if any, replaced by "***".
func withoutUserinfo(raw string) string {
	scheme, rest, _ := strings.Cut(raw, "://")
	end := len(rest)
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		end = i
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return raw
	}
	return scheme + "://***" + rest[at:]
}
