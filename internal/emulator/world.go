package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Instance statuses the emulator models.
const (
	InstanceRunning  = "Running"
	InstanceStopped  = "Stopped"
	InstanceReleased = "Released"
)

// Invocation statuses (InvocationStatus), as the API reference lists them.
const (
	StatusPending    = "Pending"
	StatusRunning    = "Running"
	StatusStopping   = "Stopping"
	StatusSuccess    = "Success"
	StatusFailed     = "Failed"
	StatusTimeout    = "Timeout"
	StatusError      = "Error"
	StatusCancelled  = "Cancelled"
	StatusTerminated = "Terminated"
	StatusInvalid    = "Invalid"
	StatusAborted    = "Aborted"
)

const (
	// Retention is how long execution results are kept (two weeks).
	Retention = 14 * 24 * time.Hour
	// MaxInvocations is how many execution results are kept; the oldest go
	// first.
	MaxInvocations = 100000

	apiTimeFormat = "2006-01-02T15:04:05Z"
)

// DefaultRegions are the regions a server knows when Options.Regions is
// empty.
var DefaultRegions = []string{
	"cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-hangzhou",
	"cn-shanghai", "cn-shenzhen", "cn-guangzhou", "cn-chengdu", "cn-hongkong",
	"ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-northeast-1",
	"eu-central-1", "eu-west-1", "us-west-1", "us-east-1",
}

// Instance is a simple application server. Status is InstanceRunning,
// InstanceStopped or InstanceReleased; released instances are not found.
// Its Cloud Assistant agent comes online AgentOnlineAfter after the server
// starts and goes offline when it stops (see agent.go).
type Instance struct {
	ID, RegionID, Status string
	// AgentOnlineAfter is how long after the server starts its agent comes
	// online; zero means at once.
	AgentOnlineAfter time.Duration
	// NoAgent: the agent is not installed, so it never comes online until
	// InstallCloudAssistant and a restart.
	NoAgent bool
	// OSType is Linux when empty; AgentVersion is DefaultAgentVersion.
	OSType, AgentVersion string
	// StartedAt is when the server last started; zero means when it was
	// added, if Running.
	StartedAt time.Time

	agent agentState
}

// Invocation is one command execution and its timeline on the world clock:
// Pending for PendingFor from CreatedAt, then Running for RunningFor, then
// Stopping for StoppingFor (usually zero; set it for Terminated), then
// FinalStatus. Cancelled, Invalid and Aborted never run: they go straight
// from Pending to the final status and keep an empty StartTime. Until it
// is final, its FinishedTime, ExitCode, ErrorCode, ErrorInfo and Output
// read empty.
type Invocation struct {
	InvokeID, InstanceID, InvokeUser string
	CommandName, CommandType         string
	CommandContent                   string         // plain text; DescribeInvocations returns it base64-encoded
	Parameters                       map[string]any // DescribeInvocations returns {} when nil
	CreatedAt                        time.Time      // zero means the world clock's now
	PendingFor, RunningFor           time.Duration
	StoppingFor                      time.Duration
	Timeout                          time.Duration // non-zero: running longer ends in Timeout
	FinalStatus                      string        // empty means Success
	ExitCode                         int64         // Failed with 0 becomes 1
	Output                           []byte        // sent as base64 once finished
	RawOutput                        *string       // if set, sent verbatim instead of base64(Output)
	ErrorCode, ErrorInfo             string        // derived from FinalStatus (or ErrorCode) when empty

	// script, when the command runs for real, replaces the timeline.
	script *script
}

// errorInfos maps the reference's ErrorCode values to their ErrorInfo text.
var errorInfos = map[string]string{
	"InstanceNotExists":    "the specified instance does not exists",
	"InstanceReleased":     "the instance has released when create task",
	"InstanceNotRunning":   "the instance is not running when create task",
	"CommandNotApplicable": "the command is not applicable",
	"AccountNotExists":     "the specified account does not exists",
	"DirectoryNotExists":   "the specified directory does not exists",
	"BadCronExpression":    "the cron job expression is invalid",
	"ClientNotRunning":     "the aliyun service is not running on the instance",
	"ClientNotResponse":    "the aliyun service in the instance does not response",
	"ClientIsUpgrading":    "the aliyun service in the instance is upgrading now",
	"ClientNeedUpgrade":    "the aliyun service in the instance need upgrade",
	"DeliveryTimeout":      "the command delivery has been timeout",
	"ExecutionTimeout":     "the command execution has been timeout",
	"ExecutionException":   "the command execution got an exception",
	"ExecutionInterrupted": "the command execution has been interrupted",
	"ExitCodeNonzero":      "the command execution exit code is not zero",
}

// finalStatuses maps each terminal status to its InvokeRecordStatus and
// default ErrorCode. SWAS documents the record statuses (Running,
// Finished, Failed, Stopped) but not which run ends in which. A timeout is
// Failed, as ECS documents it for the same agent ("For a one-time task,
// when the execution times out, the state of the command
// (InvokeRecordStatus) becomes Failed": ECS CreateCommand's description,
// help.aliyun.com/document_detail/64844.html, and in the ECS SDK
// alibabacloud-go/ecs-20140526/v7 v7.7.0). Failed and Error ending
// Finished, a run that completed, is assumed.
var finalStatuses = map[string]struct{ record, errorCode string }{
	StatusSuccess:    {"Finished", ""},
	StatusFailed:     {"Finished", "ExitCodeNonzero"},
	StatusTimeout:    {"Failed", "ExecutionTimeout"},
	StatusError:      {"Finished", "ExecutionException"},
	StatusCancelled:  {"Stopped", ""},
	StatusTerminated: {"Stopped", "ExecutionInterrupted"},
	StatusInvalid:    {"Failed", "CommandNotApplicable"},
	StatusAborted:    {"Failed", "DeliveryTimeout"},
}

// neverRuns reports whether a final status means the command never started.
func neverRuns(status string) bool {
	return status == StatusCancelled || status == StatusInvalid || status == StatusAborted
}

// normalize validates inv and fills its defaults; now is the world clock.
func (inv *Invocation) normalize(now time.Time) error {
	if inv.InstanceID == "" {
		return fmt.Errorf("invocation %q: InstanceID is required", inv.InvokeID)
	}
	if inv.FinalStatus == "" {
		inv.FinalStatus = StatusSuccess
	}
	if _, ok := finalStatuses[inv.FinalStatus]; !ok {
		return fmt.Errorf("invocation %q: FinalStatus %q is not a terminal status", inv.InvokeID, inv.FinalStatus)
	}
	if inv.PendingFor < 0 || inv.RunningFor < 0 || inv.StoppingFor < 0 || inv.Timeout < 0 {
		return fmt.Errorf("invocation %q: durations must not be negative", inv.InvokeID)
	}
	if _, err := json.Marshal(inv.Parameters); err != nil {
		return fmt.Errorf("invocation %q: Parameters: %w", inv.InvokeID, err)
	}
	// Copy what the caller may still change.
	inv.Parameters = maps.Clone(inv.Parameters)
	inv.Output = bytes.Clone(inv.Output)
	if inv.InvokeID == "" {
		inv.InvokeID = "t-" + randomID(14)
	}
	if inv.CreatedAt.IsZero() {
		inv.CreatedAt = now
	}
	if inv.InvokeUser == "" {
		inv.InvokeUser = "root"
	}
	if inv.CommandType == "" {
		inv.CommandType = "RunShellScript"
	}
	if inv.Timeout > 0 && inv.RunningFor > inv.Timeout && !neverRuns(inv.FinalStatus) {
		inv.RunningFor, inv.FinalStatus = inv.Timeout, StatusTimeout
	}
	if inv.FinalStatus == StatusFailed && inv.ExitCode == 0 {
		inv.ExitCode = 1
	}
	if inv.ErrorCode == "" {
		inv.ErrorCode = finalStatuses[inv.FinalStatus].errorCode
	}
	if inv.ErrorInfo == "" {
		inv.ErrorInfo = errorInfos[inv.ErrorCode]
	}
	return nil
}

// invocationView is an invocation as seen at one moment of the world clock.
type invocationView struct {
	status, recordStatus    string
	startTime, finishedTime string
	exitCode                int64
	errorCode, errorInfo    string
	output                  string
}

func (inv *Invocation) at(now time.Time) invocationView {
	if inv.script != nil {
		return inv.scriptView(now)
	}
	start := inv.CreatedAt.Add(inv.PendingFor)
	end := start
	if !neverRuns(inv.FinalStatus) {
		end = start.Add(inv.RunningFor)
	}
	stopped := end.Add(inv.StoppingFor)

	v := invocationView{recordStatus: "Running"}
	if !neverRuns(inv.FinalStatus) && !now.Before(start) {
		v.startTime = start.UTC().Format(apiTimeFormat)
	}
	switch {
	case now.Before(start):
		v.status = StatusPending
	case now.Before(end):
		v.status = StatusRunning
	case now.Before(stopped):
		v.status = StatusStopping
	default:
		v.status = inv.FinalStatus
		v.recordStatus = finalStatuses[inv.FinalStatus].record
		v.finishedTime = stopped.UTC().Format(apiTimeFormat)
		v.exitCode = inv.ExitCode
		v.errorCode, v.errorInfo = inv.ErrorCode, inv.ErrorInfo
		if inv.RawOutput != nil {
			v.output = *inv.RawOutput
		} else {
			v.output = base64.StdEncoding.EncodeToString(inv.Output)
		}
	}
	return v
}

// world holds regions, instances and invocations. RunCommand and
// InvokeCommand share one space of invoke ids: an InvokeCommand's id names
// one invocation on each of its servers, which DescribeInvocationResult
// and DescribeInvocations read like any other, and fleets group them for
// DescribeCommandInvocations.
type world struct {
	mu          sync.Mutex
	regions     map[string]bool
	instances   map[string]Instance
	invocations map[invocationKey]*Invocation
	byAge       []*Invocation      // oldest first
	fleets      []*fleetInvocation // InvokeCommand's, oldest first
}

// invocationKey names one command run on one server.
type invocationKey struct{ invokeID, instanceID string }

func (inv *Invocation) key() invocationKey { return invocationKey{inv.InvokeID, inv.InstanceID} }

func newWorld(regions []string) *world {
	w := &world{
		regions:     map[string]bool{},
		instances:   map[string]Instance{},
		invocations: map[invocationKey]*Invocation{},
	}
	for _, r := range regions {
		w.regions[r] = true
	}
	return w
}

func (w *world) validateInstance(in Instance) error {
	switch {
	case in.ID == "":
		return fmt.Errorf("instance: ID is required")
	case !w.regions[in.RegionID]:
		return fmt.Errorf("instance %q: unknown region %q", in.ID, in.RegionID)
	case in.Status != InstanceRunning && in.Status != InstanceStopped && in.Status != InstanceReleased:
		return fmt.Errorf("instance %q: status %q is not Running, Stopped or Released", in.ID, in.Status)
	}
	return nil
}

func (w *world) addInstance(in Instance, now time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.validateInstance(in); err != nil {
		return err
	}
	if in.AgentOnlineAfter < 0 {
		return fmt.Errorf("instance %q: AgentOnlineAfter must not be negative", in.ID)
	}
	if in.StartedAt.IsZero() && in.Status == InstanceRunning {
		in.StartedAt = now
	}
	w.instances[in.ID] = in
	return nil
}

// setInstanceStatus changes an instance's status at now: starting it
// starts its agent's clock, stopping it takes the agent offline.
func (w *world) setInstanceStatus(id, status string, now time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	in, ok := w.instances[id]
	if !ok {
		return fmt.Errorf("instance %q does not exist", id)
	}
	was, heartbeat := in.Status, in.heartbeat(now)
	in.Status = status
	if err := w.validateInstance(in); err != nil {
		return err
	}
	switch {
	case was != InstanceRunning && status == InstanceRunning:
		in.start(now)
	case was == InstanceRunning && status != InstanceRunning:
		in.agent.lastHeartbeat = heartbeat
	}
	w.instances[id] = in
	return nil
}

// addInvocation stores inv, keeping byAge sorted and within MaxInvocations.
func (w *world) addInvocation(inv Invocation, now time.Time) (string, error) {
	if err := inv.normalize(now); err != nil {
		return "", err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	stored, err := w.insert(inv)
	if err != nil {
		return "", err
	}
	return stored.InvokeID, nil
}

// insert stores a normalized invocation and returns where it is kept.
// Callers hold w.mu.
func (w *world) insert(inv Invocation) (*Invocation, error) {
	if _, ok := w.instances[inv.InstanceID]; !ok {
		return nil, fmt.Errorf("invocation %q: instance %q does not exist", inv.InvokeID, inv.InstanceID)
	}
	if _, ok := w.invocations[inv.key()]; ok {
		return nil, fmt.Errorf("invocation %q on instance %q already exists", inv.InvokeID, inv.InstanceID)
	}
	p := &inv
	i := sort.Search(len(w.byAge), func(i int) bool { return w.byAge[i].CreatedAt.After(inv.CreatedAt) })
	w.byAge = append(w.byAge, nil)
	copy(w.byAge[i+1:], w.byAge[i:])
	w.byAge[i] = p
	w.invocations[inv.key()] = p
	if len(w.byAge) > MaxInvocations {
		w.dropOldest(len(w.byAge) - MaxInvocations)
	}
	return p, nil
}

// addFleet stores an InvokeCommand's invocations, all or none, and the
// fleet that groups them.
func (w *world) addFleet(fleet *fleetInvocation, invocations []Invocation) error {
	for i := range invocations {
		if err := invocations[i].normalize(fleet.createdAt); err != nil {
			return err
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, inv := range invocations {
		stored, err := w.insert(inv)
		if err != nil {
			return err
		}
		fleet.instances = append(fleet.instances, stored)
	}
	w.fleets = append(w.fleets, fleet)
	return nil
}

// running reports whether some server still runs the saved command
// commandID at now.
func (w *world) running(commandID string, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, f := range w.fleets {
		if f.command.ID != commandID {
			continue
		}
		for _, inv := range f.instances {
			if inProgress(inv.at(now).status) {
				return true
			}
		}
	}
	return false
}

func (w *world) dropOldest(n int) {
	for _, inv := range w.byAge[:n] {
		delete(w.invocations, inv.key())
	}
	w.byAge = append(w.byAge[:0], w.byAge[n:]...)
}

// expire forgets results, and fleets, older than Retention. Callers hold
// w.mu.
func (w *world) expire(now time.Time) {
	n := sort.Search(len(w.byAge), func(i int) bool { return now.Sub(w.byAge[i].CreatedAt) <= Retention })
	if n > 0 {
		w.dropOldest(n)
	}
	n = 0
	for n < len(w.fleets) && now.Sub(w.fleets[n].createdAt) > Retention {
		n++
	}
	w.fleets = w.fleets[n:]
}

// region checks that the endpoint serves region: a real regional endpoint
// serves only its own.
func (w *world) region(region string) *apiError {
	if !w.regions[region] {
		return newError(http.StatusBadRequest, "RegionIdNotMatchHost", "The specified RegionId %q does not match the endpoint.", region)
	}
	return nil
}

// instance finds a live instance in region. Callers hold w.mu.
func (w *world) instance(region, id string) (Instance, *apiError) {
	if err := w.region(region); err != nil {
		return Instance{}, err
	}
	in, ok := w.instances[id]
	if !ok || in.Status == InstanceReleased || in.RegionID != region {
		return Instance{}, newError(http.StatusNotFound, "InvalidInstanceId.NotFound", "The specified InstanceId %q does not exist.", id)
	}
	return in, nil
}

func randomID(n int) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
