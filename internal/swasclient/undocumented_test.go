package swasclient

import "testing"

// TestFleetOutputBase64 takes canonical base64 as encoded and anything else
// as plain text.
func TestFleetOutputBase64(t *testing.T) {
	for output, want := range map[string]string{
		"":                 "",
		"ZG9uZQo=":         "ZG9uZQo=",
		"done\n":           "ZG9uZQo=",
		"deployed on s1\n": "ZGVwbG95ZWQgb24gczEK",
		"ZG9uZQo":          "Wkc5dVpRbw==", // unpadded: not what base64 encodes
		"ZG9u\nZQo=":       "Wkc5dQpaUW89", // a line break Go's decoder would skip
	} {
		if got := fleetOutputBase64(output); got != want {
			t.Errorf("fleetOutputBase64(%q) = %q, want %q", output, got, want)
		}
	}
}

// TestScript reads DescribeCommands' CommandContent as sent or
// base64-encoded.
func TestScript(t *testing.T) {
	for _, tc := range []struct{ content, saved, want string }{
		{"deploy {{version}}", "deploy {{version}}", "deploy {{version}}"},
		{"ZGVwbG95IHt7dmVyc2lvbn19", "deploy {{version}}", "deploy {{version}}"},
		{"ZGVwbG95IHt7dmVyc2lvbn19", "", "deploy {{version}}"},
		{"deploy {{version}}", "", "deploy {{version}}"},
		// A script saved as it is comes back as it is, base64 or not.
		{"dGVzdA==", "dGVzdA==", "dGVzdA=="},
		// Changed outside: the API's script, decoded.
		{"cmVzdGFydA==", "deploy", "restart"},
		// Plain scripts that are canonical base64 but not of text stay.
		{"date", "", "date"},
		{"true", "", "true"},
	} {
		cmd := Command{Content: tc.content}
		if got := cmd.Script(tc.saved); got != tc.want {
			t.Errorf("Script of %q, saved %q = %q, want %q", tc.content, tc.saved, got, tc.want)
		}
	}
}
