package swasclient

import "testing"

// TestCommandSize measures the script and the parameters as the request
// carries them: Parameters absent when empty, a JSON object without HTML
// escaping otherwise, as the SDK encodes it.
func TestCommandSize(t *testing.T) {
	for _, tc := range []struct {
		content    string
		parameters map[string]string
		want       int
	}{
		{"", nil, 0},
		{"abc", nil, 4},
		{"abcd", map[string]string{}, 8},
		// abc and {"v":"<&>"} are 15 bytes; escaped, < & > would take 6 each.
		{"abc", map[string]string{"v": "<&>"}, 20},
	} {
		if got := CommandSize(tc.content, tc.parameters); got != tc.want {
			t.Errorf("CommandSize(%q, %v) = %d, want %d", tc.content, tc.parameters, got, tc.want)
		}
	}
}
