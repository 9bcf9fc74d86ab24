// Package emulator is a local Alibaba Cloud Simple Application Server
// OpenAPI endpoint (product SWAS-OPEN, version 2020-06-01) for tests,
// the quick start and offline use. It speaks the wire protocol of the
// official SDK, verifies its signatures, models command invocations over
// time and injects faults. Command swas-emulator serves it from a fixture.
//
// # Go API
//
//	type Clock interface{ Now() time.Time }
//	func NewManualClock(start time.Time) *ManualClock // Now, Advance(d), Set(t)
//
//	type Credential struct{ AccessKeyID, AccessKeySecret, SecurityToken string; Expiration time.Time }
//	type Instance struct{ ID, RegionID, Status string } // InstanceRunning, InstanceStopped, InstanceReleased
//	type Invocation struct{ ... }                       // see its documentation
//	type Options struct{ Clock; Regions; Credentials; MaxClockSkew; RunCommand func(*Invocation); Logf }
//
//	func New(opts Options) *Server // an http.Handler
//	func NewFromFixture(path string, opts Options) (*Server, error)
//	func (*Server) AddCredential(Credential)
//	func (*Server) AddInstance(Instance)
//	func (*Server) SetInstanceStatus(id, status string)
//	func (*Server) AddInvocation(Invocation) (invokeID string)
//	func (*Server) Credentials() []Credential
//	func (*Server) Regions() []string
//	func (*Server) SetFault(action string, f Fault) // action "" = every action
//	func (*Server) ClearFaults()
//	func (*Server) AdvanceClockOnRequest(action string, step time.Duration)
//	func (*Server) Requests(action string) int
//	func (*Server) TotalRequests() int
//	func (*Server) RequestsWithOutcome(outcome string) int
//	func (*Server) ResetCounters()
//
//	func Start(s *Server, addr string) (*Listener, error) // "" = 127.0.0.1:0
//	type Listener struct{ URL, Addr string }              // Close()
//
// Add* and SetInstanceStatus panic on invalid input (a bug in the test);
// NewFromFixture returns errors instead.
//
// A test configures the official SDK client like this; with RetryOptions
// nil the SDK does not retry, and without ReadTimeout it waits forever on
// a hanging server:
//
//	srv := emulator.New(emulator.Options{Clock: clock, Credentials: creds})
//	l, _ := emulator.Start(srv, "")
//	defer l.Close()
//	c, _ := swasclient.NewClient(&openapiutil.Config{
//		AccessKeyId: tea.String(id), AccessKeySecret: tea.String(secret),
//		Endpoint: tea.String(l.Addr), Protocol: tea.String("HTTP"), RegionId: tea.String("cn-hangzhou"),
//	})
//
// The SDK wraps API errors in *tea.SDKError (Code, StatusCode). To get
// *ThrottlingError, *ClientError or *ServerError instead, set
// c.Client.DisableSDKError: the SWAS client's own DisableSDKError field
// shadows it and is never read.
//
// # Protocol
//
// RPC style as the SDK sends it: any path, POST or GET, the action from the
// x-acs-action header or the Action parameter, the version from
// x-acs-version or Version (must be 2020-06-01), parameters from the query
// string and an application/x-www-form-urlencoded body (the query wins).
// Answers are JSON with the API's field names; errors are
// {RequestId, HostId, Code, Message, Recommend} with the HTTP status below.
// Actions: DescribeInvocationResult, DescribeInvocations, RunCommand.
//
// # Authentication
//
// Only ACS3-HMAC-SHA256 (the SDK's default) is accepted. Checks, in order:
// an Authorization header; a known access key; x-acs-date within
// MaxClockSkew (15 minutes) of real wall time, never the world clock; a
// signature nonce; host, content-type and every x-acs-* header signed;
// the signature over method, path, the sorted and encoded query, the
// signed headers and the SHA-256 of the body; the security token of STS
// credentials (expiry on the world clock); the nonce not seen within its
// date's tolerance window. A rejected request never reaches an action.
//
// # Model
//
// Regions (DefaultRegions unless set), instances and invocations. An
// instance in another region, or Released, is not found; RunCommand needs a
// Running one. An invocation is Pending for PendingFor, Running for
// RunningFor, Stopping for StoppingFor, then final; Cancelled, Invalid and
// Aborted skip Running and Stopping. StartTime is empty while Pending (and
// for those three); FinishedTime, ExitCode, ErrorCode, ErrorInfo and
// Output are empty or zero until final. Times are UTC like
// 2022-07-11T06:37:16Z. Output is base64(Output), or RawOutput verbatim.
//
//	InvocationStatus                   InvokeRecordStatus  default ErrorCode
//	Pending, Running, Stopping         Running             -
//	Success                            Finished            -
//	Failed (exit code 0 becomes 1)     Finished            ExitCodeNonzero
//	Timeout                            Finished            ExecutionTimeout
//	Error                              Finished            ExecutionException
//	Cancelled                          Stopped             -
//	Terminated                         Stopped             ExecutionInterrupted
//	Invalid                            Failed              CommandNotApplicable
//	Aborted                            Failed              DeliveryTimeout
//
// ErrorInfo defaults to the reference's text for the ErrorCode. A
// non-zero Timeout shorter than RunningFor ends the run in Timeout.
// DescribeInvocations lists an instance's invocations newest first;
// InvokeStatus filters on InvokeRecordStatus; PageSize is 1 to 50
// (default 10); CommandContent is returned base64-encoded and Parameters
// as an object ({} if none). RunCommand records Name, Type, CommandContent
// (plain text), Parameters (a JSON object), WorkingUser (default root, or
// system for Windows types) and Timeout (10 to 86400 s, default 60), with
// DefaultPendingFor and DefaultRunningFor ending in Success, which
// Options.RunCommand may change. Results older than Retention (two weeks,
// world clock) are gone, and at most MaxInvocations (100,000) are kept,
// the oldest dropped first.
//
// # Faults and counters
//
// See Fault. Order: clock step, latency, hang, dropped connection,
// injected 500/503, authentication, routing, throttling (after
// authentication, as per-user flow control), the action; MalformedBody
// cuts whatever answer follows. Counters count arrivals per action and in
// total, and outcomes: OutcomeOK, the error Code, OutcomeDropped,
// OutcomeHung, OutcomeMalformed, OutcomeCanceled or OutcomeRawBody.
//
// # Fixture
//
// JSON, unknown fields rejected, durations as Go strings ("1m30s"):
//
//	{
//	  "regions": ["cn-hangzhou"],                // replaces DefaultRegions
//	  "credentials": [{"accessKeyId": "...", "accessKeySecret": "...",
//	                   "securityToken": "", "expiration": "2030-01-01T00:00:00Z"}],
//	  "instances": [{"id": "...", "regionId": "cn-hangzhou", "status": "Running"}],
//	  "invocations": [{
//	    "invokeId": "t-...", "instanceId": "...", "invokeUser": "root",
//	    "commandName": "...", "commandType": "RunShellScript", "commandContent": "whoami",
//	    "parameters": {}, "createdAgo": "10m", "timeout": "60s",
//	    "pendingFor": "1s", "runningFor": "1s", "stoppingFor": "0s",
//	    "finalStatus": "Success", "exitCode": 0,
//	    "output": "text" | "outputBase64": "YWRtaW4K", "rawOutput": "sent verbatim",
//	    "errorCode": "", "errorInfo": ""
//	  }],
//	  "runCommand": {"pendingFor": "2s", "runningFor": "5s", "finalStatus": "Success", "output": "..."}
//	}
//
// createdAgo is relative to the world clock when the fixture loads.
// runCommand (the timeline fields above; omitted durations are zero) is
// the outcome of every RunCommand. testdata/quickstart.json is a sample.
//
// # Error codes
//
// "Real" codes and statuses are those the Alibaba Cloud gateway documents
// or returns; messages are close to, not always exactly, the real ones.
// Codes marked invented are plausible guesses for SWAS.
//
//	Code                                        HTTP  When                                   Source
//	MissingAccessKeyId                          400   no Authorization header                real
//	InvalidSignatureMethod                      400   not ACS3-HMAC-SHA256 (incl. V2 RPC)    real
//	IncompleteSignature                         400   malformed Authorization, unsigned hdr  real
//	InvalidAccessKeyId.NotFound                 404   unknown access key                     real
//	InvalidTimeStamp.Format                     400   x-acs-date missing or malformed        real
//	InvalidTimeStamp.Expired                    400   x-acs-date off by over 15 minutes      real
//	MissingSignatureNonce                       400   no x-acs-signature-nonce               real (V2 name)
//	SignatureDoesNotMatch                       400   wrong secret or tampered request       real
//	MissingSecurityToken                        400   STS key without x-acs-security-token   real
//	InvalidSecurityToken.MismatchWithAccessKey  400   token not the key's                    real
//	InvalidSecurityToken.Expired                400   token past Expiration                  real
//	SignatureNonceUsed                          400   nonce replayed                         real
//	UnsupportedHTTPMethod                       400   not GET or POST                        real
//	MissingAction, MissingVersion               400   no action or version                   real pattern
//	InvalidVersion                              400   version is not 2020-06-01              real
//	InvalidAction.NotFound                      404   unknown action                         real
//	Throttling.User                             400   Fault.Throttle exceeded                real
//	InternalError                               500   Fault.FailStatus 500                   real
//	ServiceUnavailable                          503   Fault.FailStatus 503                   real
//	Missing{Parameter} (e.g. MissingInstanceId) 400   required parameter absent              real pattern
//	InvalidParameter                            400   bad value (PageSize, Type, Timeout...) real code
//	InvalidRegionId.NotFound                    404   unknown RegionId                       invented
//	InvalidInstanceId.NotFound                  404   unknown, released or other region      invented
//	InvalidInvokeId.NotFound                    404   unknown, expired or other instance     invented
//	IncorrectInstanceStatus                     403   RunCommand on a non-Running instance   invented (ECS code)
package emulator
