package emulator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/emulator"
)

// TestFixtureErrorsNameTheFieldAndLine: a fixture the emulator cannot read
// is refused with the line and the path of the field at fault.
func TestFixtureErrorsNameTheFieldAndLine(t *testing.T) {
	const head = "{\n  \"regions\": [\"cn-hangzhou\"],\n  \"instances\": [\n" +
		"    {\"id\": \"i-1\", \"regionId\": \"cn-hangzhou\", \"status\": \"Running\"},\n"
	for _, tc := range []struct {
		name, fixture, want string
	}{
		{"unknown field", head + "    {\"id\": \"i-2\", \"regionId\": \"cn-hangzhou\", \"stauts\": \"Running\"}\n  ]\n}",
			`line 5: instances[1].stauts: unknown field`},
		{"bad duration", head + "    {\"id\": \"i-2\", \"regionId\": \"cn-hangzhou\", \"status\": \"Running\",\n     \"agentOnlineAfter\": \"5x\"}\n  ]\n}",
			`line 6: instances[1].agentOnlineAfter: "5x" is not a duration`},
		{"number for a duration", head + "    {\"id\": \"i-2\", \"regionId\": \"cn-hangzhou\", \"status\": \"Running\", \"agentOnlineAfter\": 30}\n  ]\n}",
			`line 5: instances[1].agentOnlineAfter: 30 is not a duration: write a string such as "1m30s"`},
		{"wrong type", head + "    {\"id\": \"i-2\", \"regionId\": \"cn-hangzhou\",\n     \"status\": 3}\n  ]\n}",
			`line 6: instances[1].status: number is not a string`},
		{"bad rate", "{\n  \"rateLimit\": {\n    \"rate\": \"ten a second\"\n  }\n}",
			`line 3: rateLimit.rate: rate "ten a second"`},
		{"syntax", head + "    {\"id\": \"i-2\",}\n  ]\n}",
			`line 5: invalid character '}'`},
		{"unknown region", head + "    {\"id\": \"i-2\",\n     \"regionId\": \"cn-nowhere\", \"status\": \"Running\"}\n  ]\n}",
			`line 5: instances[1]: instance "i-2": unknown region "cn-nowhere"`},
		{"incomplete key", "{\n  \"credentials\": [\n    {\"accessKeyId\": \"K\"}\n  ]\n}",
			`line 3: credentials[0]: accessKeyId and accessKeySecret are required`},
		{"empty fleet", "{\n  \"fleets\": [\n    {\"idFormat\": \"fleet-%03d\", \"count\": 0, \"regionId\": \"cn-hangzhou\"}\n  ]\n}",
			`line 3: fleets[0]: fleet "fleet-%03d": count must be 1 to 100000`},
		{"nested timeline", "{\n  \"invokeCommand\": {\"instances\": {\n    \"i-1\": {\"exit_code\": 7}\n  }}\n}",
			`line 3: invokeCommand.instances.i-1.exit_code: unknown field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fixture.json")
			if err := os.WriteFile(path, []byte(tc.fixture), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := emulator.NewFromFixture(path, emulator.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}
