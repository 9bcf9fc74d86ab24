package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
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

var actions = map[string]actionFunc{
	"DescribeInvocationResult": (*Server).describeInvocationResult,
	"DescribeInvocations":      (*Server).describeInvocations,
	"RunCommand":               (*Server).runCommand,
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
		return 0, errInvalidParameter(name, "must be an integer from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
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
	now := s.clock.Now()
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	s.world.expire(now)
	in, err := s.world.instance(p["RegionId"], p["InstanceId"])
	if err != nil {
		return nil, err
	}
	inv, ok := s.world.invocations[p["InvokeId"]]
	if !ok || inv.InstanceID != in.ID {
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
	if err := p.require("RegionId", "InstanceId"); err != nil {
		return nil, err
	}
	filter := p["InvokeStatus"]
	if filter != "" && !recordStatuses[filter] {
		return nil, errInvalidParameter("InvokeStatus", "must be Running, Finished, Failed or Stopped")
	}
	page, err := p.intParam("PageNumber", 1, 1, 1<<30)
	if err != nil {
		return nil, err
	}
	size, err := p.intParam("PageSize", 10, 1, 50)
	if err != nil {
		return nil, err
	}

	now := s.clock.Now()
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	s.world.expire(now)
	in, err := s.world.instance(p["RegionId"], p["InstanceId"])
	if err != nil {
		return nil, err
	}
	items := []invocationItem{}
	total := 0
	first := (page - 1) * size
	for i := len(s.world.byAge) - 1; i >= 0; i-- {
		inv := s.world.byAge[i]
		if inv.InstanceID != in.ID {
			continue
		}
		v := inv.at(now)
		if filter != "" && v.recordStatus != filter {
			continue
		}
		total++
		if total <= first || len(items) == size {
			continue
		}
		parameters := inv.Parameters
		if parameters == nil {
			parameters = map[string]any{}
		}
		items = append(items, invocationItem{
			CommandContent:   base64.StdEncoding.EncodeToString([]byte(inv.CommandContent)),
			CommandName:      inv.CommandName,
			CommandType:      inv.CommandType,
			CreationTime:     inv.CreatedAt.UTC().Format(apiTimeFormat),
			InvocationStatus: v.status,
			InvokeID:         inv.InvokeID,
			InvokeStatus:     v.recordStatus,
			Parameters:       parameters,
		})
	}
	return struct {
		RequestID   string           `json:"RequestId"`
		TotalCount  int              `json:"TotalCount"`
		PageNumber  int              `json:"PageNumber"`
		PageSize    int              `json:"PageSize"`
		Invocations []invocationItem `json:"Invocations"`
	}{requestID, total, page, size, items}, nil
}

var commandTypes = map[string]string{
	"RunShellScript":      "root",
	"RunBatScript":        "system",
	"RunPowerShellScript": "system",
}

// runCommand starts an invocation on a Running instance. The SDK sends
// Parameters as a JSON object string and CommandContent as plain text.
func (s *Server) runCommand(p params, requestID string) (any, *apiError) {
	if err := p.require("RegionId", "InstanceId", "Name", "Type", "CommandContent"); err != nil {
		return nil, err
	}
	defaultUser, ok := commandTypes[p["Type"]]
	if !ok {
		return nil, errInvalidParameter("Type", "must be RunShellScript, RunBatScript or RunPowerShellScript")
	}
	if base64.StdEncoding.EncodedLen(len(p["CommandContent"])) > 16*1024 {
		return nil, errInvalidParameter("CommandContent", "exceeds 16 KB once base64-encoded")
	}
	timeout, err := p.intParam("Timeout", 60, 10, 86400)
	if err != nil {
		return nil, err
	}
	if v := p["EnableParameter"]; v != "" && v != "true" && v != "false" {
		return nil, errInvalidParameter("EnableParameter", "must be true or false")
	}
	var parameters map[string]any
	if raw := p["Parameters"]; raw != "" {
		if json.Unmarshal([]byte(raw), &parameters) != nil || len(parameters) > 20 {
			return nil, errInvalidParameter("Parameters", "must be a JSON object with at most 20 keys")
		}
	}

	now := s.clock.Now()
	s.world.mu.Lock()
	in, err := s.world.instance(p["RegionId"], p["InstanceId"])
	s.world.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if in.Status != InstanceRunning {
		return nil, newError(http.StatusForbidden, "IncorrectInstanceStatus", "The current status of the instance does not support this operation.")
	}

	user := p["WorkingUser"]
	if user == "" {
		user = defaultUser
	}
	inv := Invocation{
		InstanceID:     in.ID,
		InvokeUser:     user,
		CommandName:    p["Name"],
		CommandType:    p["Type"],
		CommandContent: p["CommandContent"],
		Parameters:     parameters,
		CreatedAt:      now,
		PendingFor:     DefaultPendingFor,
		RunningFor:     DefaultRunningFor,
		Timeout:        time.Duration(timeout) * time.Second,
	}
	if s.onRunCommand != nil {
		s.onRunCommand(&inv)
	}
	id, addErr := s.world.addInvocation(inv, now)
	if addErr != nil {
		s.logf("swas-emulator: RunCommand hook produced an invalid invocation: %v", addErr)
		return nil, errServer(http.StatusInternalServerError)
	}
	return struct {
		RequestID string `json:"RequestId"`
		InvokeID  string `json:"InvokeId"`
	}{requestID, id}, nil
}
