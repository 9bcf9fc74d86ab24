package fleet

import "testing"

func TestParseCommandImportID(t *testing.T) {
	for id, want := range map[string]string{
		"c-hz01272yr52abcd":             "",
		"cn-hangzhou:c-hz01272yr52abcd": "",
		"bad id":                        `the command ID "bad id" is not a command ID`,
		"":                              "the command ID is empty",
		"cn-hangzhou:":                  "the command ID is empty",
		"Hangzhou:c-1":                  `the region "Hangzhou" is not a region ID`,
		"a:b:c":                         "it has 3 parts separated by colons",
	} {
		if _, _, problem := parseCommandImportID(id); problem != want {
			t.Errorf("parseCommandImportID(%q): %q, want %q", id, problem, want)
		}
	}
}
