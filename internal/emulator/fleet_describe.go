package emulator

import (
	"encoding/json"
	"slices"
	"time"
)

type invokeInstance struct {
	ErrorCode        string `json:"ErrorCode"`
	ErrorInfo        string `json:"ErrorInfo"`
	ExitCode         int64  `json:"ExitCode"`
	FinishTime       string `json:"FinishTime"`
	InstanceID       string `json:"InstanceId"`
	InvocationStatus string `json:"InvocationStatus"`
	Output           string `json:"Output"` // base64 unless Undocumented says otherwise, once finished
	StartTime        string `json:"StartTime"`
}

type commandInvocation struct {
	CommandContent     string           `json:"CommandContent"`
	CommandDescription string           `json:"CommandDescription"`
	CommandID          string           `json:"CommandId"`
	CommandName        string           `json:"CommandName"`
	CommandType        string           `json:"CommandType"`
	CreationTime       string           `json:"CreationTime"`
	InvocationStatus   string           `json:"InvocationStatus"`
	InvokeID           string           `json:"InvokeId"`
	InvokeInstances    []invokeInstance `json:"InvokeInstances"`
	Parameters         string           `json:"Parameters"` // a JSON object as a string; {} when none
	Timeout            int64            `json:"Timeout"`
	Username           string           `json:"Username"`
	WorkingDir         string           `json:"WorkingDir"`
}

// overallStatus is an invocation's status across its servers, by the
// rules documented on DescribeCommandInvocationsRequest.InvocationStatus
// (SDK v3.0.0, and the API reference of DescribeCommandInvocations):
// Pending "when the execution state on at least one instance is Pending",
// Running likewise for Running, Stopping for Stopping; Success when at
// least one is Success and the others are Stopped or Success; Stopped
// when all are Stopped (Cancelled, Terminated); Failed when all are
// Stopped or Failed (Invalid, Aborted, Failed, Timeout, Error); and
// PartialFailed when some are Success and the others Failed or Stopped.
// The "at least one" rules overlap; they apply in the order the reference
// lists them, and a status it does not group counts as Failed.
func overallStatus(statuses []string) string {
	count := map[string]int{}
	for _, s := range statuses {
		switch s {
		case StatusPending, StatusRunning, StatusStopping, StatusSuccess:
			count[s]++
		case StatusCancelled, StatusTerminated:
			count["Stopped"]++
		default:
			count[StatusFailed]++
		}
	}
	switch {
	case count[StatusPending] > 0:
		return StatusPending
	case count[StatusRunning] > 0:
		return StatusRunning
	case count[StatusStopping] > 0:
		return StatusStopping
	case count[StatusSuccess] > 0 && count[StatusFailed] == 0:
		return StatusSuccess
	case count[StatusSuccess] == 0 && count[StatusFailed] == 0:
		return "Stopped"
	case count[StatusSuccess] == 0:
		return StatusFailed
	}
	return "PartialFailed"
}

// at is the invocation as DescribeCommandInvocations shows it at now.
func (f *fleetInvocation) at(now time.Time, u Undocumented) commandInvocation {
	params, _ := json.Marshal(f.parameters) // unmarshalled from JSON: cannot fail
	ci := commandInvocation{
		CommandContent: u.commandContent(f.command.Content), CommandDescription: f.command.Description,
		CommandID: f.command.ID, CommandName: f.command.Name, CommandType: f.command.Type,
		CreationTime: f.createdAt.UTC().Format(apiTimeFormat), InvokeID: f.invokeID,
		InvokeInstances: []invokeInstance{}, Parameters: string(params), Timeout: f.command.Timeout,
		Username: f.username, WorkingDir: u.workingDir(f.command.WorkingDir),
	}
	statuses := []string{}
	for _, inv := range f.instances {
		v := inv.at(now)
		statuses = append(statuses, v.status)
		ci.InvokeInstances = append(ci.InvokeInstances, invokeInstance{
			ErrorCode: v.errorCode, ErrorInfo: v.errorInfo, ExitCode: v.exitCode, FinishTime: v.finishedTime,
			InstanceID: inv.InstanceID, InvocationStatus: v.status, Output: u.fleetOutput(v.output), StartTime: v.startTime,
		})
	}
	ci.InvocationStatus = overallStatus(statuses)
	return ci
}

// matchesQuery applies DescribeCommandInvocations' filters. CommandName
// does not apply when InstanceId is given, as the reference states.
func (f *fleetInvocation) matchesQuery(p params, status string) bool {
	onInstance := p["InstanceId"] == "" || slices.ContainsFunc(f.instances, func(inv *Invocation) bool {
		return inv.InstanceID == p["InstanceId"]
	})
	name := p["InstanceId"] != "" || matches(p, "CommandName", f.command.Name)
	return onInstance && name && matches(p, "InvokeId", f.invokeID) && matches(p, "CommandId", f.command.ID) &&
		matches(p, "CommandType", f.command.Type) && matches(p, "InvocationStatus", status)
}

// describeCommandInvocations lists the invocations of saved commands that
// match the filters, newest first, each with every server's result.
func (s *Server) describeCommandInvocations(p params, requestID string) (any, *apiError) {
	if err := p.require("RegionId"); err != nil {
		return nil, err
	}
	page, size, err := pageParams(p)
	if err != nil {
		return nil, err
	}
	if err := s.checkRegion(p["RegionId"]); err != nil {
		return nil, err
	}
	now, unlock := s.lockWorld()
	defer unlock()
	matched := []commandInvocation{}
	for i := len(s.world.fleets) - 1; i >= 0; i-- {
		f := s.world.fleets[i]
		ci := f.at(now, s.undocumented)
		if f.command.RegionID == p["RegionId"] && f.matchesQuery(p, ci.InvocationStatus) {
			matched = append(matched, ci)
		}
	}
	return struct {
		RequestID          string              `json:"RequestId"`
		TotalCount         int                 `json:"TotalCount"`
		PageNumber         int                 `json:"PageNumber"`
		PageSize           int                 `json:"PageSize"`
		CommandInvocations []commandInvocation `json:"CommandInvocations"`
	}{requestID, len(matched), page, size, pageOf(matched, page, size)}, nil
}
