package emulator

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// DefaultAgentVersion is the Cloud Assistant agent's version unless
// Instance.AgentVersion says otherwise; it supports session management.
const DefaultAgentVersion = "2.2.3.256"

// heartbeatInterval is how often an online agent reports; the API reads an
// agent as online while it reported within the last two minutes.
const heartbeatInterval = time.Minute

// agentState is what the world remembers of an instance's agent.
type agentState struct {
	// lastHeartbeat is the last report before the agent went offline.
	lastHeartbeat time.Time
	// installPending: InstallCloudAssistant ran; the agent runs from the
	// next start.
	installPending bool
	// outages are spans in which a running agent does not answer.
	outages []outage
}

type outage struct{ from, until time.Time }

// start records a start of the server at now.
func (in *Instance) start(now time.Time) {
	in.StartedAt = now
	if in.agent.installPending {
		in.NoAgent, in.agent.installPending = false, false
	}
}

// linux reports whether the server runs Linux, the default OSType.
func (in *Instance) linux() bool { return in.OSType == "" || strings.EqualFold(in.OSType, "Linux") }

// onlineFrom is when the agent comes online after the last start.
func (in *Instance) onlineFrom() time.Time { return in.StartedAt.Add(in.AgentOnlineAfter) }

// agentOnline reports whether the agent answers at t, as far as the world
// knows now: the server's status is now's, outages are scheduled.
func (in *Instance) agentOnline(t time.Time) bool {
	if in.Status != InstanceRunning || in.NoAgent || t.Before(in.onlineFrom()) {
		return false
	}
	return !slices.ContainsFunc(in.agent.outages, func(o outage) bool { return !t.Before(o.from) && t.Before(o.until) })
}

// heartbeat is the agent's last report at t, zero if it never reported.
func (in *Instance) heartbeat(t time.Time) time.Time {
	for _, o := range in.agent.outages {
		if !t.Before(o.from) && t.Before(o.until) {
			t = o.from
		}
	}
	if in.Status != InstanceRunning || in.NoAgent || t.Before(in.onlineFrom()) {
		return in.agent.lastHeartbeat
	}
	return in.onlineFrom().Add(t.Sub(in.onlineFrom()).Truncate(heartbeatInterval))
}

// DropAgent takes the agent of instance id offline from after now for a
// while, as when it crashes or upgrades. It panics if the instance does
// not exist.
func (s *Server) DropAgent(id string, after, lasting time.Duration) {
	now := s.clock.Now()
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	in, ok := s.world.instances[id]
	if !ok {
		panic(fmt.Sprintf("emulator: instance %q does not exist", id))
	}
	in.agent.outages = append(slices.Clone(in.agent.outages), outage{now.Add(after), now.Add(after + lasting)})
	s.world.instances[id] = in
}

// refuse ends inv the way the API ends a command its agent cannot take:
// Invalid when the agent is offline as RunCommand is called, Aborted when
// it drops before the command is delivered. Both are ClientNotRunning.
func (in *Instance) refuse(inv *Invocation) {
	switch {
	case !in.agentOnline(inv.CreatedAt):
		inv.FinalStatus = StatusInvalid
	case !in.agentOnline(inv.CreatedAt.Add(inv.PendingFor)):
		inv.FinalStatus = StatusAborted
	default:
		return
	}
	inv.ExitCode, inv.Output, inv.RawOutput = 0, nil, nil
	inv.ErrorCode, inv.ErrorInfo = "ClientNotRunning", errorInfos["ClientNotRunning"]
}

// instanceIDs parses InstanceIds, which the SDK sends as a JSON array.
func (p params) instanceIDs(required bool) ([]string, *apiError) {
	raw := p["InstanceIds"]
	if raw == "" {
		if required {
			return nil, errMissing("InstanceIds")
		}
		return nil, nil
	}
	var ids []string
	if json.Unmarshal([]byte(raw), &ids) != nil || len(ids) > 100 {
		return nil, errInvalidParam("InstanceIds", "must be a JSON array of at most 100 ids")
	}
	return ids, nil
}

// agentInstances returns the instances a Cloud Assistant request names in
// its region, all of them when it names none, sorted by id. Callers hold
// w.mu.
func (w *world) agentInstances(p params, required bool) ([]Instance, *apiError) {
	if err := p.require("RegionId"); err != nil {
		return nil, err
	}
	if err := w.region(p["RegionId"]); err != nil {
		return nil, err
	}
	ids, err := p.instanceIDs(required)
	if err != nil {
		return nil, err
	}
	var out []Instance
	for _, id := range ids {
		in, err := w.instance(p["RegionId"], id)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	if len(ids) == 0 {
		for _, in := range w.instances {
			if in.RegionID == p["RegionId"] && in.Status != InstanceReleased {
				out = append(out, in)
			}
		}
	}
	slices.SortFunc(out, func(a, b Instance) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// page is one page of a Cloud Assistant listing.
type page struct {
	number, size, total int
}

// agentPage cuts instances to the request's page.
func agentPage(p params, instances []Instance) ([]Instance, page, *apiError) {
	number, err := p.intParam("PageNumber", 1, 1, 1<<30)
	if err != nil {
		return nil, page{}, err
	}
	size, err := p.intParam("PageSize", 10, 1, 50)
	if err != nil {
		return nil, page{}, err
	}
	first := min((number-1)*size, len(instances))
	return instances[first:min(first+size, len(instances))], page{number, size, len(instances)}, nil
}

type cloudAssistantStatus struct {
	InstanceID string `json:"InstanceId"`
	Status     bool   `json:"Status"`
}

// describeCloudAssistantStatus tells whether the agent is installed.
func (s *Server) describeCloudAssistantStatus(p params, requestID string) (any, *apiError) {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	instances, err := s.world.agentInstances(p, false)
	if err != nil {
		return nil, err
	}
	instances, pg, err := agentPage(p, instances)
	if err != nil {
		return nil, err
	}
	statuses := []cloudAssistantStatus{}
	for _, in := range instances {
		statuses = append(statuses, cloudAssistantStatus{InstanceID: in.ID, Status: !in.NoAgent})
	}
	return struct {
		RequestID            string                 `json:"RequestId"`
		CloudAssistantStatus []cloudAssistantStatus `json:"CloudAssistantStatus"`
		PageNumber           int                    `json:"PageNumber"`
		PageSize             int                    `json:"PageSize"`
		TotalCount           int                    `json:"TotalCount"`
	}{requestID, statuses, pg.number, pg.size, pg.total}, nil
}

type cloudAssistant struct {
	ActiveTaskCount       int64  `json:"ActiveTaskCount"`
	CloudAssistantStatus  string `json:"CloudAssistantStatus"`
	CloudAssistantVersion string `json:"CloudAssistantVersion,omitempty"`
	InstanceID            string `json:"InstanceId"`
	InvocationCount       int64  `json:"InvocationCount"`
	LastHeartbeatTime     string `json:"LastHeartbeatTime,omitempty"`
	LastInvokedTime       string `json:"LastInvokedTime,omitempty"`
	OSType                string `json:"OSType"`
	SupportSessionManager bool   `json:"SupportSessionManager"`
}

// describeCloudAssistantAttributes tells each agent's state at now.
func (s *Server) describeCloudAssistantAttributes(p params, requestID string) (any, *apiError) {
	now := s.clock.Now()
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	s.world.expire(now)
	instances, err := s.world.agentInstances(p, true)
	if err != nil {
		return nil, err
	}
	instances, pg, err := agentPage(p, instances)
	if err != nil {
		return nil, err
	}
	list := []cloudAssistant{}
	for _, in := range instances {
		list = append(list, s.world.cloudAssistant(in, now))
	}
	return struct {
		RequestID      string           `json:"RequestId"`
		CloudAssistant []cloudAssistant `json:"CloudAssistant"`
		PageNumber     int              `json:"PageNumber"`
		PageSize       int              `json:"PageSize"`
		TotalCount     int              `json:"TotalCount"`
	}{requestID, list, pg.number, pg.size, pg.total}, nil
}

// cloudAssistant is an instance's agent as seen at now. Callers hold w.mu.
func (w *world) cloudAssistant(in Instance, now time.Time) cloudAssistant {
	a := cloudAssistant{InstanceID: in.ID, OSType: in.OSType, CloudAssistantStatus: "false"}
	if a.OSType == "" {
		a.OSType = "Linux"
	}
	if in.agentOnline(now) {
		a.CloudAssistantStatus, a.SupportSessionManager = "true", true
		a.CloudAssistantVersion = in.AgentVersion
		if a.CloudAssistantVersion == "" {
			a.CloudAssistantVersion = DefaultAgentVersion
		}
	}
	if hb := in.heartbeat(now); !hb.IsZero() {
		a.LastHeartbeatTime = hb.UTC().Format(apiTimeFormat)
	}
	var last time.Time
	for _, inv := range w.byAge {
		if inv.InstanceID != in.ID {
			continue
		}
		last = inv.CreatedAt
		if inProgress(inv.at(now).status) {
			a.ActiveTaskCount++
		} else {
			a.InvocationCount++
		}
	}
	if !last.IsZero() {
		a.LastInvokedTime = last.UTC().Format(apiTimeFormat)
	}
	return a
}

// inProgress reports whether an invocation in this status may still change.
func inProgress(status string) bool {
	return status == StatusPending || status == StatusRunning || status == StatusStopping
}

// installCloudAssistant installs the agent on servers that lack it; it
// runs from each server's next start, as the API reference says.
func (s *Server) installCloudAssistant(p params, requestID string) (any, *apiError) {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	instances, err := s.world.agentInstances(p, true)
	if err != nil {
		return nil, err
	}
	for _, in := range instances {
		if in.NoAgent {
			in.agent.installPending = true
			s.world.instances[in.ID] = in
		}
	}
	return struct {
		RequestID string `json:"RequestId"`
	}{requestID}, nil
}

// errInstanceStatus refuses an action the server's status does not allow.
func errInstanceStatus() *apiError {
	return newError(http.StatusForbidden, "IncorrectInstanceStatus", "The current status of the instance does not support this operation.")
}
