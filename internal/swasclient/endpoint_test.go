package swasclient

import (
	"strings"
	"testing"
)

func TestParseEndpoint(t *testing.T) {
	valid := map[string]Endpoint{
		"http://127.0.0.1:8080":                  {Scheme: "http", Host: "127.0.0.1:8080"},
		"https://swas.cn-hangzhou.aliyuncs.com":  {Scheme: "https", Host: "swas.cn-hangzhou.aliyuncs.com"},
		"https://swas.cn-hangzhou.aliyuncs.com/": {Scheme: "https", Host: "swas.cn-hangzhou.aliyuncs.com"},
		"swas.cn-hangzhou.aliyuncs.com":          {Scheme: "https", Host: "swas.cn-hangzhou.aliyuncs.com"},
		"  http://localhost:9000 ":               {Scheme: "http", Host: "localhost:9000"},
		"http://[::1]:8080":                      {Scheme: "http", Host: "[::1]:8080"},
		"http://127.0.0.1:1":                     {Scheme: "http", Host: "127.0.0.1:1"},
		"http://127.0.0.1:65535":                 {Scheme: "http", Host: "127.0.0.1:65535"},
	}
	for raw, want := range valid {
		got, err := ParseEndpoint(raw)
		if err != nil || got != want {
			t.Errorf("ParseEndpoint(%q) = %v, %v; want %v", raw, got, err, want)
		}
	}

	invalid := []string{
		"",
		"   ",
		"ftp://example.com",
		"http://",
		"http://user:pass@127.0.0.1:8080",
		"http://127.0.0.1:8080/api",
		"http://127.0.0.1:8080?x=1",
		"http://127.0.0.1:8080#frag",
		"http://127.0.0.1:",
		"http://127.0.0.1:port",
		"http://exa mple.com",
		"http://127.0.0.1:0",
		"http://127.0.0.1:65536",
		"http://127.0.0.1:99999",
		"https://[::1]:100000",
	}
	for _, raw := range invalid {
		if got, err := ParseEndpoint(raw); err == nil {
			t.Errorf("ParseEndpoint(%q) = %v, want an error", raw, got)
		}
	}
}

func TestDefaultEndpoint(t *testing.T) {
	if got := DefaultEndpoint("cn-hangzhou").String(); got != "https://swas.cn-hangzhou.aliyuncs.com" {
		t.Errorf("DefaultEndpoint = %s", got)
	}
}

// TestParseEndpointWithholdsCredentials: an endpoint that carries a user
// name and password is refused without quoting them.
func TestParseEndpointWithholdsCredentials(t *testing.T) {
	for _, raw := range []string{
		"https://admin:hunter2@swas.cn-hangzhou.aliyuncs.com",
		"http://admin:hunter2@127.0.0.1:8080/path",
		"https://admin:hunter2@exa mple.com",
		"admin:hunter2@swas.cn-hangzhou.aliyuncs.com",
		"https://admin:hunter2@[::1",
	} {
		_, err := ParseEndpoint(raw)
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseEndpoint(%q): %v, want an error that does not quote the password", raw, err)
		}
	}
}

func TestWithoutUserinfo(t *testing.T) {
	for raw, want := range map[string]string{
		"https://a:b@h:1":     "https://***@h:1",
		"https://a@b:c@h/p":   "https://***@h/p",
		"https://h/p@q":       "https://h/p@q",
		"https://h?x=a@b":     "https://h?x=a@b",
		"https://h#a@b":       "https://h#a@b",
		"http://127.0.0.1:80": "http://127.0.0.1:80",
		"https:///p@q":        "https:///p@q",
		"https://@h":          "https://***@h",
	} {
		if got := withoutUserinfo(raw); got != want {
			t.Errorf("withoutUserinfo(%q) = %q, want %q", raw, got, want)
		}
	}
}
