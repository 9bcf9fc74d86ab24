package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

const (
	signatureAlgorithm = "ACS3-HMAC-SHA256"
	acsDateFormat      = "2006-01-02T15:04:05Z"

	// DefaultMaxClockSkew is how far x-acs-date may be from real time.
	DefaultMaxClockSkew = 15 * time.Minute
)

// Credential is an access key the emulator accepts. A non-empty
// SecurityToken makes it an STS credential: requests must carry that token
// in x-acs-security-token. A non-zero Expiration (compared with the world
// clock) makes the token expire.
type Credential struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      time.Time
}

// authenticator verifies ACS3-HMAC-SHA256 signatures as the official SDK
// computes them (darabonba-openapi utils.GetAuthorization).
type authenticator struct {
	clock   Clock
	maxSkew time.Duration

	mu        sync.Mutex
	creds     map[string]Credential
	nonces    map[string]time.Time // access key + nonce => when it may be forgotten
	lastSweep time.Time
}

func newAuthenticator(clock Clock, maxSkew time.Duration) *authenticator {
	return &authenticator{
		clock:   clock,
		maxSkew: maxSkew,
		creds:   map[string]Credential{},
		nonces:  map[string]time.Time{},
	}
}

func (a *authenticator) add(c Credential) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.creds[c.AccessKeyID] = c
}

func (a *authenticator) lookup(id string) (Credential, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.creds[id]
	return c, ok
}

// authenticate checks the request's Authorization header against body, the
// raw request body. Checks run in the gateway's order: credential, date,
// signature, security token, nonce. It returns the access key ID.
func (a *authenticator) authenticate(r *http.Request, body []byte) (string, *apiError) {
	header := r.Header.Get("Authorization")
	if header == "" {
		if r.URL.Query().Get("Signature") != "" {
			return "", newError(http.StatusBadRequest, "InvalidSignatureMethod", "Specified signature method is not valid. The emulator accepts %s signatures only.", signatureAlgorithm)
		}
		return "", errMissing("AccessKeyId")
	}
	algorithm, fields, _ := strings.Cut(header, " ")
	if algorithm != signatureAlgorithm {
		return "", newError(http.StatusBadRequest, "InvalidSignatureMethod", "Specified signature method is not valid. The emulator accepts %s signatures only.", signatureAlgorithm)
	}
	auth, err := parseAuthorization(fields)
	if err != nil {
		return "", err
	}
	cred, ok := a.lookup(auth.accessKeyID)
	if !ok {
		return "", newError(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}

	date, perr := time.Parse(acsDateFormat, r.Header.Get("x-acs-date"))
	if perr != nil {
		return "", newError(http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
	}
	// Real time on purpose: clients date requests with their own wall clock.
	if skew := time.Since(date); skew > a.maxSkew || skew < -a.maxSkew {
		return "", newError(http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	}
	nonce := r.Header.Get("x-acs-signature-nonce")
	if nonce == "" {
		return "", errMissing("SignatureNonce")
	}
	if err := checkSignedHeaders(r, auth.signedHeaders); err != nil {
		return "", err
	}

	if err := checkSignature(r, body, auth, cred.AccessKeySecret); err != nil {
		return "", err
	}

	token := r.Header.Get("x-acs-security-token")
	switch {
	case cred.SecurityToken != "" && token == "":
		return "", errMissing("SecurityToken")
	case token != cred.SecurityToken:
		return "", newError(http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.")
	case token != "" && !cred.Expiration.IsZero() && !a.clock.Now().Before(cred.Expiration):
		return "", newError(http.StatusBadRequest, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
	}

	if !a.useNonce(cred.AccessKeyID+"\n"+nonce, date.Add(a.maxSkew)) {
		return "", newError(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	return cred.AccessKeyID, nil
}

// checkSignature recomputes the request's ACS3-HMAC-SHA256 signature with
// the secret and compares it with the one sent.
func checkSignature(r *http.Request, body []byte, auth authorization, secret string) *apiError {
	payload := sha256.Sum256(body)
	canonical := sha256.Sum256([]byte(canonicalRequest(r, auth.signedHeaders, hex.EncodeToString(payload[:]))))
	stringToSign := signatureAlgorithm + "\n" + hex.EncodeToString(canonical[:])
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	if !hmac.Equal(mac.Sum(nil), auth.signature) {
		return newError(http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature does not match our calculation. server string to sign is:%s", stringToSign)
	}
	return nil
}

// useNonce records a nonce until forget, after which its request's date is
// out of tolerance anyway. It reports false if the nonce is already known.
func (a *authenticator) useNonce(key string, forget time.Time) bool {
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	if now.Sub(a.lastSweep) > time.Minute {
		for k, t := range a.nonces {
			if now.After(t) {
				delete(a.nonces, k)
			}
		}
		a.lastSweep = now
	}
	if t, ok := a.nonces[key]; ok && !now.After(t) {
		return false
	}
	a.nonces[key] = forget
	return true
}

type authorization struct {
	accessKeyID   string
	signedHeaders []string
	signature     []byte
}

// parseAuthorization parses "Credential=ID,SignedHeaders=a;b,Signature=hex".
func parseAuthorization(fields string) (authorization, *apiError) {
	var auth authorization
	var haveHeaders bool
	for _, field := range strings.Split(fields, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(field), "=")
		switch key {
		case "Credential":
			auth.accessKeyID = value
		case "SignedHeaders":
			auth.signedHeaders = strings.Split(value, ";")
			haveHeaders = value != ""
		case "Signature":
			sig, err := hex.DecodeString(value)
			if err != nil {
				return auth, errIncompleteSignature("Signature is not hex encoded")
			}
			auth.signature = sig
		}
	}
	switch {
	case auth.accessKeyID == "":
		return auth, errIncompleteSignature("Credential is missing")
	case !haveHeaders:
		return auth, errIncompleteSignature("SignedHeaders is missing")
	case len(auth.signature) == 0:
		return auth, errIncompleteSignature("Signature is missing")
	}
	return auth, nil
}

func errIncompleteSignature(reason string) *apiError {
	return newError(http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards: %s.", reason)
}

// checkSignedHeaders requires what the SDK always signs: host, content-type
// when present, and every x-acs-* header, so no header can be changed
// without breaking the signature.
func checkSignedHeaders(r *http.Request, signed []string) *apiError {
	set := make(map[string]bool, len(signed))
	for _, h := range signed {
		set[h] = true
	}
	required := []string{"host"}
	for name := range r.Header {
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "x-acs-") || lower == "content-type" {
			required = append(required, lower)
		}
	}
	for _, name := range required {
		if !set[name] {
			return errIncompleteSignature("header " + name + " is not signed")
		}
	}
	return nil
}

// canonicalRequest mirrors GetAuthorization in the SDK: query keys sorted
// by bytes, values QueryEscape'd, then "+", "*" and "%7E" rewritten.
func canonicalRequest(r *http.Request, signed []string, payloadHash string) string {
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}

	query := r.URL.Query()
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var q strings.Builder
	for _, k := range keys {
		// The SDK never repeats a key; signing every value makes a repeated
		// key added in transit break the signature.
		values := append([]string(nil), query[k]...)
		sort.Strings(values)
		for _, v := range values {
			if q.Len() > 0 {
				q.WriteByte('&')
			}
			q.WriteString(k + "=" + url.QueryEscape(v))
		}
	}

	var headers strings.Builder
	for _, name := range signed {
		var values []string
		if name == "host" {
			values = []string{r.Host}
		} else {
			for _, v := range r.Header.Values(name) {
				values = append(values, strings.TrimSpace(v))
			}
			sort.Strings(values)
		}
		headers.WriteString(name + ":" + strings.Join(values, ",") + "\n")
	}

	return r.Method + "\n" +
		sdkEscaper.Replace(path) + "\n" +
		sdkEscaper.Replace(q.String()) + "\n" +
		headers.String() + "\n" +
		strings.Join(signed, ";") + "\n" +
		payloadHash
}

var sdkEscaper = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~")
