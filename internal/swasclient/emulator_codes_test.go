package swasclient

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// emulatorCodeKinds is how the client classifies each code the emulator
// answers (internal/emulator/errors.go), and the ECS spellings of the same
// failures, which the client accepts too.
var emulatorCodeKinds = map[string]ErrorKind{
	"MissingAccessKeyId":                         KindInvalidInput,
	"InvalidSignatureMethod":                     KindInvalidInput,
	"IncompleteSignature":                        KindAuthentication,
	"InvalidAccessKeyId.NotFound":                KindAuthentication,
	"InvalidTimeStamp.Format":                    KindAuthentication,
	"InvalidTimeStamp.Expired":                   KindAuthentication,
	"MissingSignatureNonce":                      KindInvalidInput,
	"SignatureDoesNotMatch":                      KindAuthentication,
	"MissingSecurityToken":                       KindAuthentication,
	"InvalidSecurityToken.MismatchWithAccessKey": KindAuthentication,
	"InvalidSecurityToken.Expired":               KindAuthentication,
	"SignatureNonceUsed":                         KindAuthentication,
	"UnsupportedHTTPMethod":                      KindInvalidInput,
	"MissingAction":                              KindInvalidInput,
	"MissingVersion":                             KindInvalidInput,
	"InvalidVersion":                             KindInvalidInput,
	"InvalidAction.NotFound":                     KindNotFound,
	"Throttling.User":                            KindThrottled,
	"InternalError":                              KindTransient,
	"ServiceUnavailable":                         KindTransient,
	"MissingInstanceId":                          KindInvalidInput,
	"RegionIdNotMatchHost":                       KindInvalidInput,
	"InvalidParam":                               KindInvalidInput,
	"InvalidInstanceId.NotFound":                 KindNotFound,
	"IncorrectInstanceStatus":                    KindInvalidInput,
	"InvalidInvokeId.NotFound":                   KindNotFound,
	"InvalidCommandId.NotFound":                  KindNotFound,
	"InvalidStatus.CmdIdInUse":                   KindInvalidInput,
	"QuotaExceed.Command":                        KindInvalidInput,
}

// ecsSpellings are the ECS Cloud Assistant codes for the same failures,
// with the statuses ECS answers them with.
var ecsSpellings = []struct {
	code   string
	status int
	want   ErrorKind
}{
	{"InvalidParameter", 400, KindInvalidInput},
	{"InvalidParameter", 403, KindInvalidInput},
	{"InvalidInstance.NotFound", 404, KindNotFound},
	{"InvalidRegionId.NotFound", 404, KindNotFound},
	{"IncorrectInstanceStatus", 400, KindInvalidInput},
	{"InvalidInvokeId.NotFound", 404, KindNotFound},
}

var codeRow = regexp.MustCompile(`^//\t(\S.*?)\s{2,}(\d{3})\s{2,}`)

// emulatorCodes reads the code table of the emulator's errors.go: each
// code with its HTTP status.
func emulatorCodes(t *testing.T) map[string]int {
	t.Helper()
	src, err := os.ReadFile("../emulator/errors.go")
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]int{}
	for _, line := range strings.Split(string(src), "\n") {
		m := codeRow.FindStringSubmatch(line)
		if m == nil || m[1] == "Code" {
			continue
		}
		status, _ := strconv.Atoi(m[2])
		names := m[1]
		if _, example, ok := strings.Cut(names, "(e.g. "); ok {
			names = strings.TrimSuffix(example, ")")
		}
		for _, name := range strings.Split(names, ", ") {
			codes[name] = status
		}
	}
	if len(codes) < 20 {
		t.Fatalf("read %d codes from the emulator's table; has its layout changed?", len(codes))
	}
	return codes
}

// TestEmulatorCodesClassified holds every code the emulator answers, and
// its ECS spelling, to the kind the provider's messages rely on.
func TestEmulatorCodesClassified(t *testing.T) {
	for code, status := range emulatorCodes(t) {
		want, ok := emulatorCodeKinds[code]
		if !ok {
			t.Errorf("the emulator answers %s (HTTP %d), which this test does not classify", code, status)
			continue
		}
		if got := classify("Action", responseError(status, code)).Kind; got != want {
			t.Errorf("%s (HTTP %d) is %v, want %v", code, status, got, want)
		}
	}
	for _, c := range ecsSpellings {
		if got := classify("Action", responseError(c.status, c.code)).Kind; got != c.want {
			t.Errorf("ECS's %s (HTTP %d) is %v, want %v", c.code, c.status, got, c.want)
		}
	}
}
