package emulator

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// APIVersion is the SWAS-OPEN version the emulator speaks.
const APIVersion = "2020-06-01"

// Timeline of invocations started by RunCommand unless Options.RunCommand
// changes it.
const (
	DefaultPendingFor = time.Second
	DefaultRunningFor = 2 * time.Second
)

// params are a request's parameters, first value of each name.
type params map[string]string

type actionFunc func(s *Server, p params, requestID string) (any, *apiError)

// actions are the actions the emulator serves, registered here and nowhere
// else: a request for any other is refused as the API refuses an unknown
// action.
var actions = map[string]actionFunc{
	// One command run on one server (this file).
	"DescribeInvocationResult": (*Server).describeInvocationResult,
	"DescribeInvocations":      (*Server).describeInvocations,
	"RunCommand":               (*Server).runCommand,

	// The server's Cloud Assistant agent (agent.go).
	"DescribeCloudAssistantStatus":     (*Server).describeCloudAssistantStatus,
	"DescribeCloudAssistantAttributes": (*Server).describeCloudAssistantAttributes,
	"InstallCloudAssistant":            (*Server).installCloudAssistant,

	// Saved commands (commands.go) and their runs on fleets (fleet.go,
	// fleet_describe.go).
	"CreateCommand":              (*Server).createCommand,
	"DescribeCommands":           (*Server).describeCommands,
	"UpdateCommandAttribute":     (*Server).updateCommandAttribute,
	"DeleteCommand":              (*Server).deleteCommand,
	"InvokeCommand":              (*Server).invokeCommand,
	"DescribeCommandInvocations": (*Server).describeCommandInvocations,
}

// Actions lists the actions the emulator serves, sorted.
func Actions() []string {
	return slices.Sorted(maps.Keys(actions))
}

// require reports the first missing parameter.
func (p params) require(names ...string) *apiError {
	for _, name := range names {
		if p[name] == "" {
			return errMissing(name)
		}
	}
	return nil
}

// intParam parses an optional integer parameter within [lo, hi].
func (p params) intParam(name string, def, lo, hi int) (int, *apiError) {
	raw, ok := p[name]
	if !ok || raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, errInvalidParam(name, "must be an integer from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
	}
	return n, nil
}

type invocationResult struct {
	StartTime          string `json:"StartTime"`
	FinishedTime       string `json:"FinishedTime"`
	InvocationStatus   string `json:"InvocationStatus"`
	ExitCode           int64  `json:"ExitCode"`
	ErrorInfo          string `json:"ErrorInfo"`
	ErrorCode          string `json:"ErrorCode"`
	InvokeID           string `json:"InvokeId"`
	InvokeRecordStatus string `json:"InvokeRecordStatus"`
	InvokeUser         string `json:"InvokeUser"`
	Output             string `json:"Output"`
	InstanceID         string `json:"InstanceId"`
}

func (s *Server) describeInvocationResult(p params, requestID string) (any, *apiError) {
	if err := p.require("RegionId", "InstanceId", "InvokeId"); err != nil {
		return nil, err
	}
	in, now, unlock, err := s.lockInstance(p)
	if err != nil {
		return nil, err
	}
	defer unlock()
	inv, ok := s.world.invocations[invocationKey{p["InvokeId"], in.ID}]
	if !ok {
		return nil, newError(http.StatusNotFound, "InvalidInvokeId.NotFound", "The specified InvokeId %q does not exist.", p["InvokeId"])
	}
	v := inv.at(now)
	return struct {
		RequestID        string           `json:"RequestId"`
		InvocationResult invocationResult `json:"InvocationResult"`
	}{requestID, invocationResult{
		StartTime:          v.startTime,
		FinishedTime:       v.finishedTime,
		InvocationStatus:   v.status,
		ExitCode:           v.exitCode,
		ErrorInfo:          v.errorInfo,
		ErrorCode:          v.errorCode,
		InvokeID:           inv.InvokeID,
		InvokeRecordStatus: v.recordStatus,
		InvokeUser:         inv.InvokeUser,
		Output:             v.output,
		InstanceID:         inv.InstanceID,
	}}, nil
}

type invocationItem struct {
	CommandContent   string         `json:"CommandContent"`
	CommandName      string         `json:"CommandName"`
	CommandType      string         `json:"CommandType"`
	CreationTime     string         `json:"CreationTime"`
	InvocationStatus string         `json:"InvocationStatus"`
	InvokeID         string         `json:"InvokeId"`
	InvokeStatus     string         `json:"InvokeStatus"`
	Parameters       map[string]any `json:"Parameters"`
}

var recordStatuses = map[string]bool{"Running": true, "Finished": true, "Failed": true, "Stopped": true}

// describeInvocations lists an instance's invocations, newest first.
func (s *Server) describeInvocations(p params, requestID string) (any, *apiError) {
	q, err := parseInvocationsQuery(p)
	if err != nil {
		return nil, err
	}
	in, now, unlock, err := s.lockInstance(p)
	if err != nil {
		return nil, err
	}
	defer unlock()
	items, total := s.world.invocationPage(in.ID, q, now)
	return struct {
		RequestID   string           `json:"RequestId"`
		TotalCount  int              `json:"TotalCount"`
		PageNumber  int              `json:"PageNumber"`
		PageSize    int              `json:"PageSize"`
		Invocations []invocationItem `json:"Invocations"`
	}{requestID, total, q.page, q.size, items}, nil
}

// invocationsQuery is a DescribeInvocations request's filter and page.
type invocationsQuery struct {
	status     string // InvokeStatus; "" is any
	page, size int
}

func parseInvocationsQuery(p params) (invocationsQuery, *apiError) {
	if err := p.require("RegionId", "InstanceId"); err != nil {
		return invocationsQuery{}, err
	}
	q := invocationsQuery{status: p["InvokeStatus"]}
	if q.status != "" && !recordStatuses[q.status] {
		return q, errInvalidParam("InvokeStatus", "must be Running, Finished, Failed or Stopped")
	}
	var err *apiError
	if q.page, err = p.intParam("PageNumber", 1, 1, 1<<30); err != nil {
		return q, err
	}
	q.size, err = p.intParam("PageSize", 10, 1, 50)
	return q, err
}

// invocationPage returns one page of an instance's invocations that match
// q, newest first, and how many match in all. Callers hold w.mu.
func (w *world) invocationPage(instanceID string, q invocationsQuery, now time.Time) ([]invocationItem, int) {
	items := []invocationItem{}
	total := 0
	first := (q.page - 1) * q.size
	for i := len(w.byAge) - 1; i >= 0; i-- {
		inv := w.byAge[i]
		if inv.InstanceID != instanceID {
			continue
		}
		v := inv.at(now)
		if q.status != "" && v.recordStatus != q.status {
			continue
		}
		total++
		if total > first && len(items) < q.size {
			items = append(items, inv.item(v))
		}
	}
	return items, total
}

// item is an invocation as DescribeInvocations lists it.
func (inv *Invocation) item(v invocationView) invocationItem {
	parameters := inv.Parameters
	if parameters == nil {
		parameters = map[string]any{}
	}
	return invocationItem{
		CommandContent:   base64.StdEncoding.EncodeToString([]byte(inv.CommandContent)),
		CommandName:      inv.CommandName,
		CommandType:      inv.CommandType,
		CreationTime:     inv.CreatedAt.UTC().Format(apiTimeFormat),
		InvocationStatus: v.status,
		InvokeID:         inv.InvokeID,
		InvokeStatus:     v.recordStatus,
		Parameters:       parameters,
	}
}

var commandTypes = map[string]string{
	"RunShellScript":      "root",
	"RunBatScript":        "system",
	"RunPowerShellScript": "system",
}

// runCommand starts an invocation on a Running instance.
func (s *Server) runCommand(p params, requestID string) (any, *apiError) {
	req, err := parseRunCommand(p)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	s.world.mu.Lock()
	in, err := s.world.instance(p["RegionId"], p["InstanceId"])
	s.world.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if in.Status != InstanceRunning {
		return nil, errInstanceStatus()
	}
	id, err := s.startInvocation(in, req, now)
	if err != nil {
		return nil, err
	}
	return struct {
		RequestID string `json:"RequestId"`
		InvokeID  string `json:"InvokeId"`
	}{requestID, id}, nil
}

// runRequest is what a RunCommand request asks for, checked.
type runRequest struct {
	name, commandType, content string
	workingDir, user           string
	enableParameter            bool
	parameters                 map[string]any
	timeout                    time.Duration
}

// RunCommand's limits, from the doc comment of RunCommandRequest.Parameters
// (SDK v3.0.0): "Number of custom parameters ranges from 0 to 20", and
// "After custom parameters and original command content are encoded in
// Base64, the command cannot exceed 16 KB in size".
const (
	maxRunCommandParameters = 20
	maxRunCommandBytes      = 16 * 1024
)

// commandSize is what the size limits of RunCommand and InvokeCommand
// measure: the command and its parameters, as the request carries them,
// once base64-encoded. Whether the reference means the two encoded
// together or apart, which differs by at most 4 bytes, it does not say:
// together is assumed.
func commandSize(content, parameters string) int {
	return base64.StdEncoding.EncodedLen(len(content) + len(parameters))
}

// parseRunCommand checks a RunCommand request. The SDK sends Parameters as
// a JSON object string and CommandContent as plain text.
func parseRunCommand(p params) (runRequest, *apiError) {
	if err := p.require("RegionId", "InstanceId", "Name", "Type", "CommandContent"); err != nil {
		return runRequest{}, err
	}
	req := runRequest{name: p["Name"], commandType: p["Type"], content: p["CommandContent"],
		workingDir: p["WorkingDir"], user: p["WorkingUser"], enableParameter: p["EnableParameter"] == "true"}
	defaultUser, ok := commandTypes[req.commandType]
	if !ok {
		return req, errInvalidParam("Type", "must be RunShellScript, RunBatScript or RunPowerShellScript")
	}
	if req.user == "" {
		req.user = defaultUser
	}
	if commandSize(req.content, p["Parameters"]) > maxRunCommandBytes {
		return req, errInvalidParam("CommandContent", "the command and its parameters exceed 16 KB once base64-encoded")
	}
	timeout, err := p.intParam("Timeout", 60, 10, 86400)
	if err != nil {
		return req, err
	}
	req.timeout = time.Duration(timeout) * time.Second
	if v := p["EnableParameter"]; v != "" && v != "true" && v != "false" {
		return req, errInvalidParam("EnableParameter", "must be true or false")
	}
	if raw := p["Parameters"]; raw != "" {
		if json.Unmarshal([]byte(raw), &req.parameters) != nil || len(req.parameters) > maxRunCommandParameters {
			return req, errInvalidParam("Parameters", "must be a JSON object with at most 20 keys")
		}
	}
	return req, nil
}

// startInvocation stores the invocation req starts on an instance, as
// prepareRun makes it.
func (s *Server) startInvocation(in Instance, req runRequest, now time.Time) (string, *apiError) {
	inv := Invocation{
		InvokeID:       "t-" + randomID(14),
		InstanceID:     in.ID,
		InvokeUser:     req.user,
		CommandName:    req.name,
		CommandType:    req.commandType,
		CommandContent: req.content,
		Parameters:     req.parameters,
		CreatedAt:      now,
		PendingFor:     DefaultPendingFor,
		RunningFor:     DefaultRunningFor,
		Timeout:        req.timeout,
	}
	x := s.prepareRun(in, &inv, req.job(inv), s.onRunCommand)
	id, err := s.world.addInvocation(inv, now)
	if err != nil {
		s.logf("swas-emulator: RunCommand hook produced an invalid invocation: %v", err)
		return "", errServer(http.StatusInternalServerError)
	}
	if x != nil {
		x.start()
	}
	return id, nil
}

// prepareRun makes inv, a command just sent to a server, the way RunCommand
// and InvokeCommand both start one: run for real when scripts run on the
// server and its agent takes the command, else with hook's or the default
// timeline; a command the agent cannot take ends Invalid or Aborted
// (refuse). It returns the script to start once inv is stored, if any.
func (s *Server) prepareRun(in Instance, inv *Invocation, job scriptJob, hook func(*Invocation)) *script {
	var x *script
	delivered := in.agentOnline(inv.CreatedAt) && in.agentOnline(inv.CreatedAt.Add(inv.PendingFor))
	switch {
	case delivered && s.scripts.allows(in.ID):
		x = s.scripts.prepare(inv, job)
	case hook != nil:
		hook(inv)
	}
	if x == nil {
		in.refuse(inv)
	}
	return x
}

// job is what runs for real for inv: the script with its placeholders
// filled when EnableParameter is set.
func (req runRequest) job(inv Invocation) scriptJob {
	content := req.content
	if req.enableParameter {
		content = substitute(content, req.parameters)
	}
	return scriptJob{
		instanceID: inv.InstanceID, invokeID: inv.InvokeID, commandType: req.commandType,
		content: content, workingDir: req.workingDir, user: req.user,
		createdAt: inv.CreatedAt, timeout: req.timeout,
	}
}
