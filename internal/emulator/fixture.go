package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// fixture is the JSON seed file; see NewFromFixture.
type fixture struct {
	// Schema names the JSON Schema the file follows, for editors.
	Schema      string              `json:"$schema"`
	Regions     []string            `json:"regions"`
	Credentials []fixtureCredential `json:"credentials"`
	Instances   []fixtureInstance   `json:"instances"`
	// Fleets are servers named by number, hundreds at a time, with
	// outcomes of InvokeCommand per server (fixture_fleets.go).
	Fleets      []fixtureServers    `json:"fleets"`
	Invocations []fixtureInvocation `json:"invocations"`
	RunCommand  *fixtureTimeline    `json:"runCommand"`
	// InvokeCommand is the outcome of InvokeCommand on each server: a
	// timeline per instance id, and a default for the others.
	InvokeCommand *fixtureFleet `json:"invokeCommand"`
	// The per-user flow control and the latency of every answer, as in
	// Options: {"rateLimit": {"rate": 5, "burst": 5, "shared": 0.5}, "latency": "50ms",
	// "latencyJitter": "10ms"}. rate is requests a second or a string
	// ParseRate reads, such as "10/m".
	RateLimit     *fixtureRateLimit `json:"rateLimit"`
	Latency       duration          `json:"latency"`
	LatencyJitter duration          `json:"latencyJitter"`
	RunScripts    *fixtureScripts   `json:"runScripts"`
	// TLS serves HTTPS, as Options.TLS: {"tls": true}.
	TLS bool `json:"tls"`
	// Undocumented is Options.Undocumented.
	Undocumented *Undocumented `json:"undocumented"`
}

// fixtureScripts is ScriptOptions.
type fixtureScripts struct {
	Enabled bool     `json:"enabled"`
	Root    string   `json:"root"`
	Allow   []string `json:"allow"`
}

// fixtureFleet is InvokeCommand's outcome per server.
type fixtureFleet struct {
	Default   *fixtureTimeline           `json:"default"`
	Instances map[string]fixtureTimeline `json:"instances"`
}

// hook is the InvokeCommand hook that applies each server's timeline.
func (f *fixtureFleet) hook() (func(*Invocation), error) {
	type outcome struct {
		timeline fixtureTimeline
		output   []byte
	}
	byInstance := map[string]outcome{}
	for id, timeline := range f.Instances {
		output, err := timeline.output()
		if err != nil {
			return nil, &fieldError{"invokeCommand.instances." + id, err}
		}
		byInstance[id] = outcome{timeline, output}
	}
	var fallback *outcome
	if f.Default != nil {
		output, err := f.Default.output()
		if err != nil {
			return nil, &fieldError{"invokeCommand.default", err}
		}
		fallback = &outcome{*f.Default, output}
	}
	return func(inv *Invocation) {
		if o, ok := byInstance[inv.InstanceID]; ok {
			o.timeline.apply(inv, o.output)
		} else if fallback != nil {
			fallback.timeline.apply(inv, fallback.output)
		}
	}, nil
}

type fixtureRateLimit struct {
	Rate   rate    `json:"rate"`
	Burst  int     `json:"burst"`
	Shared float64 `json:"shared"`
}

// rate is requests a second, written as a number or as a string that
// ParseRate reads ("10/m").
type rate float64

func (r *rate) UnmarshalJSON(b []byte) error {
	var n float64
	if err := json.Unmarshal(b, &n); err == nil {
		*r = rate(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("rate must be a number of requests a second or a string such as \"10/m\": %w", err)
	}
	v, err := ParseRate(s)
	if err != nil {
		return &valueError{value: s, err: err}
	}
	*r = rate(v)
	return nil
}

// settle fills the undocumented answers, the rate limit, the latency, TLS
// and the scripts' settings that opts leaves zero from the fixture, and
// checks them.
func (f *fixture) settle(opts *Options) error {
	opts.TLS = opts.TLS || f.TLS
	if f.Undocumented != nil && opts.Undocumented == (Undocumented{}) {
		opts.Undocumented = *f.Undocumented
	}
	if sc := f.RunScripts; sc != nil {
		opts.Scripts.Enabled = opts.Scripts.Enabled || sc.Enabled
		if opts.Scripts.Root == "" {
			opts.Scripts.Root = sc.Root
		}
		if len(opts.Scripts.Allow) == 0 {
			opts.Scripts.Allow = sc.Allow
		}
	}
	if err := opts.Scripts.validate(); err != nil {
		return err
	}
	if f.RateLimit != nil {
		if opts.RateLimit.Rate == 0 {
			opts.RateLimit.Rate = float64(f.RateLimit.Rate)
		}
		if opts.RateLimit.Burst == 0 {
			opts.RateLimit.Burst = f.RateLimit.Burst
		}
		if opts.RateLimit.Shared == 0 {
			opts.RateLimit.Shared = f.RateLimit.Shared
		}
	}
	if opts.Latency == 0 {
		opts.Latency = time.Duration(f.Latency)
	}
	if opts.LatencyJitter == 0 {
		opts.LatencyJitter = time.Duration(f.LatencyJitter)
	}
	if err := opts.RateLimit.validate(); err != nil {
		return err
	}
	return latency{opts.Latency, opts.LatencyJitter}.validate()
}

type fixtureCredential struct {
	AccessKeyID     string    `json:"accessKeyId"`
	AccessKeySecret string    `json:"accessKeySecret"`
	SecurityToken   string    `json:"securityToken"`
	Expiration      time.Time `json:"expiration"`
}

type fixtureInstance struct {
	ID       string `json:"id"`
	RegionID string `json:"regionId"`
	Status   string `json:"status"`
	// The Cloud Assistant agent, as in Instance.
	AgentOnlineAfter duration `json:"agentOnlineAfter"`
	NoAgent          bool     `json:"noAgent"`
	OSType           string   `json:"osType"`
	AgentVersion     string   `json:"agentVersion"`
}

type fixtureInvocation struct {
	InvokeID       string         `json:"invokeId"`
	InstanceID     string         `json:"instanceId"`
	InvokeUser     string         `json:"invokeUser"`
	CommandName    string         `json:"commandName"`
	CommandType    string         `json:"commandType"`
	CommandContent string         `json:"commandContent"`
	Parameters     map[string]any `json:"parameters"`
	CreatedAgo     duration       `json:"createdAgo"`
	Timeout        duration       `json:"timeout"`
	fixtureTimeline
}

// fixtureTimeline is how an invocation unfolds once created.
type fixtureTimeline struct {
	PendingFor   duration `json:"pendingFor"`
	RunningFor   duration `json:"runningFor"`
	StoppingFor  duration `json:"stoppingFor"`
	FinalStatus  string   `json:"finalStatus"`
	ExitCode     int64    `json:"exitCode"`
	Output       string   `json:"output"`
	OutputBase64 string   `json:"outputBase64"`
	RawOutput    *string  `json:"rawOutput"`
	ErrorCode    string   `json:"errorCode"`
	ErrorInfo    string   `json:"errorInfo"`
}

// output decodes the timeline's output.
func (t *fixtureTimeline) output() ([]byte, error) {
	if t.OutputBase64 == "" {
		return []byte(t.Output), nil
	}
	if t.Output != "" {
		return nil, fmt.Errorf("output and outputBase64 are exclusive")
	}
	b, err := base64.StdEncoding.DecodeString(t.OutputBase64)
	if err != nil {
		return nil, fmt.Errorf("outputBase64: %w", err)
	}
	return b, nil
}

func (t *fixtureTimeline) apply(inv *Invocation, output []byte) {
	inv.PendingFor = time.Duration(t.PendingFor)
	inv.RunningFor = time.Duration(t.RunningFor)
	inv.StoppingFor = time.Duration(t.StoppingFor)
	inv.FinalStatus = t.FinalStatus
	inv.ExitCode = t.ExitCode
	inv.Output = output
	inv.RawOutput = t.RawOutput
	inv.ErrorCode, inv.ErrorInfo = t.ErrorCode, t.ErrorInfo
}

// duration is a time.Duration written as a Go duration string ("1m30s").
type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n float64
		if json.Unmarshal(b, &n) == nil {
			return &valueError{value: n, err: fmt.Errorf("%v is not a duration: write a string such as \"1m30s\"", n)}
		}
		return fmt.Errorf("duration must be a string such as \"1m30s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return &valueError{value: s, err: fmt.Errorf("%q is not a duration such as \"300ms\", \"1m30s\" or \"2h\"", s)}
	}
	*d = duration(v)
	return nil
}

// NewFromFixture returns a Server configured by opts and seeded from the
// JSON fixture at path. The fixture's regions and credentials add to opts';
// its runCommand timeline (omitted durations are zero) is the outcome of
// every RunCommand unless opts.RunCommand is set, and its invokeCommand
// timelines, one per server and a default for the others, the outcome of
// InvokeCommand on each server unless opts.InvokeCommand is set. Its rateLimit, latency,
// latencyJitter and runScripts fill what opts leaves zero: rate is
// requests a second or a string ParseRate reads ("10/m"), and runScripts
// is ScriptOptions (enabled by either, off unless one asks). Invocation
// creation times (createdAgo) are relative to the world clock's now. A
// fleet adds count servers named idFormat with their number (from 1),
// some without their agent or with it online later, and outcomes of
// InvokeCommand by number or range of numbers, which add to
// invokeCommand's instances.
// Unknown fields are rejected; durations are Go strings ("1m30s"):
//
//	{
//	  "regions": ["cn-hangzhou"],                // replaces DefaultRegions
//	  "credentials": [{"accessKeyId": "...", "accessKeySecret": "...",
//	                   "securityToken": "", "expiration": "2030-01-01T00:00:00Z"}],
//	  "instances": [{"id": "...", "regionId": "cn-hangzhou", "status": "Running",
//	                 "agentOnlineAfter": "5s", "noAgent": false, "osType": "Linux", "agentVersion": "2.2.3.256"}],
//	  "invocations": [{
//	    "invokeId": "t-...", "instanceId": "...", "invokeUser": "root",
//	    "commandName": "...", "commandType": "RunShellScript", "commandContent": "whoami",
//	    "parameters": {}, "createdAgo": "10m", "timeout": "60s",
//	    "pendingFor": "1s", "runningFor": "1s", "stoppingFor": "0s",
//	    "finalStatus": "Success", "exitCode": 0,
//	    "output": "text" | "outputBase64": "YWRtaW4K", "rawOutput": "sent verbatim",
//	    "errorCode": "", "errorInfo": ""
//	  }],
//	  "runCommand": {"pendingFor": "2s", "runningFor": "5s", "finalStatus": "Success", "output": "..."},
//	  "fleets": [{"idFormat": "fleet-%03d", "count": 300, "regionId": "cn-hangzhou", "status": "Running",
//	              "noAgent": ["7", "20-22"], "agentOnlineAfter": {"8": "1h"},
//	              "outcomes": {"4-6": {"finalStatus": "Failed", "exitCode": 1, "output": "..."}}}],
//	  "invokeCommand": {"default": {"output": "deployed\n"},
//	                    "instances": {"...": {"finalStatus": "Failed", "exitCode": 7, "output": "..."}}},
//	  "rateLimit": {"rate": 5 | "10/m", "burst": 5, "shared": 0.5}, // shared: spent by another client
//	  "latency": "50ms", "latencyJitter": "10ms",
//	  "runScripts": {"enabled": true, "root": "/tmp/servers", "allow": ["..."]},
//	  "tls": true,                               // Start serves HTTPS
//	  "undocumented": {"plainFleetOutput": true, "base64CommandContent": true, "defaultWorkingDir": "/root"}
//	}
//
// testdata/sample-world.json is a sample.
func NewFromFixture(path string, opts Options) (*Server, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f fixture
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, placeError(raw, err))
	}
	for i := range f.Fleets {
		if err := f.Fleets[i].expand(&f); err != nil {
			return nil, fmt.Errorf("fixture %s: %w", path, placeError(raw, &fieldError{fmt.Sprintf("fleets[%d]", i), err}))
		}
	}
	if err := f.configure(&opts); err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, placeError(raw, err))
	}
	s := New(opts)
	if err := f.seed(s); err != nil {
		s.Close()
		return nil, fmt.Errorf("fixture %s: %w", path, placeError(raw, err))
	}
	return s, nil
}

// configure adds the fixture's settings to opts.
func (f *fixture) configure(opts *Options) error {
	opts.Regions = append(opts.Regions, f.Regions...)
	for i, c := range f.Credentials {
		if c.AccessKeyID == "" || c.AccessKeySecret == "" {
			return &fieldError{fmt.Sprintf("credentials[%d]", i), errors.New("accessKeyId and accessKeySecret are required")}
		}
		opts.Credentials = append(opts.Credentials, Credential(c))
	}
	if f.RunCommand != nil && opts.RunCommand == nil {
		timeline := *f.RunCommand
		output, err := timeline.output()
		if err != nil {
			return &fieldError{"runCommand", err}
		}
		opts.RunCommand = func(inv *Invocation) { timeline.apply(inv, output) }
	}
	if f.InvokeCommand != nil && opts.InvokeCommand == nil {
		hook, err := f.InvokeCommand.hook()
		if err != nil {
			return err
		}
		opts.InvokeCommand = hook
	}
	return f.settle(opts)
}

// seed adds the fixture's instances and invocations to s.
func (f *fixture) seed(s *Server) error {
	for i, in := range f.Instances {
		instance := Instance{ID: in.ID, RegionID: in.RegionID, Status: in.Status,
			AgentOnlineAfter: time.Duration(in.AgentOnlineAfter), NoAgent: in.NoAgent, OSType: in.OSType, AgentVersion: in.AgentVersion}
		if err := s.world.addInstance(instance, s.clock.Now()); err != nil {
			return &fieldError{fmt.Sprintf("instances[%d]", i), err}
		}
	}
	now := s.clock.Now()
	for i, fi := range f.Invocations {
		inv := Invocation{
			InvokeID:       fi.InvokeID,
			InstanceID:     fi.InstanceID,
			InvokeUser:     fi.InvokeUser,
			CommandName:    fi.CommandName,
			CommandType:    fi.CommandType,
			CommandContent: fi.CommandContent,
			Parameters:     fi.Parameters,
			CreatedAt:      now.Add(-time.Duration(fi.CreatedAgo)),
			Timeout:        time.Duration(fi.Timeout),
		}
		output, err := fi.output()
		if err == nil {
			fi.apply(&inv, output)
			_, err = s.world.addInvocation(inv, now)
		}
		if err != nil {
			return &fieldError{fmt.Sprintf("invocations[%d]", i), err}
		}
	}
	return nil
}
