package emulator

import (
	"testing"
	"time"
)

// TestNoncesAreForgottenOnceExpired: an emulator serving for days keeps only
// the nonces whose requests are still within the clock skew.
func TestNoncesAreForgottenOnceExpired(t *testing.T) {
	a := newAuthenticator(realClock{}, time.Minute)
	a.nonces["expired"] = time.Now().Add(-time.Second)
	if !a.useNonce("fresh", time.Now().Add(time.Minute)) {
		t.Fatal("a fresh nonce was refused")
	}
	if _, ok := a.nonces["expired"]; ok {
		t.Error("an expired nonce is still remembered")
	}
	if a.useNonce("fresh", time.Now().Add(time.Minute)) {
		t.Error("a nonce was accepted twice")
	}
}
