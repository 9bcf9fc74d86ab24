package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// InvokeCommand's limits, each from the doc comment of its field in
// InvokeCommandRequest (SDK v3.0.0), as the API reference states them:
// InstanceIds "consists of up to 50 IDs"; Parameters: "You can specify up
// to 10 custom parameters" (RunCommand takes 20) and "The total length of
// the custom parameters and the original command cannot exceed 18 KB after
// they are encoded in Base64"; Username "cannot exceed 255 characters".
const (
	maxInvokeInstances  = 50
	maxInvokeParameters = 10
	maxInvokeBytes      = 18 * 1024
	maxInvokeUsername   = 255
)

// fleetInvocation is one InvokeCommand: a saved command, as it was then,
// run on several servers under one invoke id, each with its own timeline.
type fleetInvocation struct {
	invokeID, username string
	command            Command
	parameters         map[string]any
	createdAt          time.Time
	instances          []*Invocation // the world's, sorted by instance id
}

// SetInvokeCommand sets a hook that may change, for each server, the
// invocation InvokeCommand is about to start there (timeline, final
// status, exit code, output), as Options.RunCommand does for RunCommand:
// it receives InstanceID, the command's fields, DefaultPendingFor and
// DefaultRunningFor, ending in Success. Where the server's agent cannot
// take the command, the run still ends Invalid or Aborted whatever the hook
// sets; where scripts run for real, the hook is not called. nil removes
// it.
func (s *Server) SetInvokeCommand(hook func(*Invocation)) {
	s.commands.mu.Lock()
	defer s.commands.mu.Unlock()
	s.commands.onInvoke = hook
}

// Commands returns the saved commands of every region, oldest first.
func (s *Server) Commands() []Command {
	s.commands.mu.Lock()
	defer s.commands.mu.Unlock()
	out := []Command{}
	for _, cmd := range s.commands.commands {
		c := *cmd
		c.ParameterNames = slices.Clone(c.ParameterNames)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Command) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out
}

// RemoveCommand deletes a saved command, as someone outside the test
// would; it reports whether it existed.
func (s *Server) RemoveCommand(id string) bool {
	s.commands.mu.Lock()
	defer s.commands.mu.Unlock()
	_, ok := s.commands.commands[id]
	delete(s.commands.commands, id)
	return ok
}

// invokeRequest is what an InvokeCommand request asks for, checked.
type invokeRequest struct {
	region, commandID, username string
	instanceIDs                 []string
	parameters                  map[string]any
	rawParameters               string // as sent, for the size limit
}

// parseInvokeCommand checks an InvokeCommand request. InstanceIds is a
// JSON array as a string (or, as the reference also allows, IDs separated
// by commas), Parameters a JSON object.
func parseInvokeCommand(p params) (invokeRequest, *apiError) {
	if err := p.require("RegionId", "CommandId", "InstanceIds"); err != nil {
		return invokeRequest{}, err
	}
	req := invokeRequest{region: p["RegionId"], commandID: p["CommandId"], username: p["Username"], rawParameters: p["Parameters"]}
	raw := strings.TrimSpace(p["InstanceIds"])
	if strings.HasPrefix(raw, "[") {
		if json.Unmarshal([]byte(raw), &req.instanceIDs) != nil {
			return req, errInvalidParam("InstanceIds", "must be a JSON array of strings")
		}
	} else {
		req.instanceIDs = strings.Split(raw, ",")
	}
	slices.Sort(req.instanceIDs)
	req.instanceIDs = slices.Compact(req.instanceIDs)
	if len(req.instanceIDs) == 0 || len(req.instanceIDs) > maxInvokeInstances || slices.Contains(req.instanceIDs, "") {
		return req, errInvalidParam("InstanceIds", "must name 1 to 50 servers")
	}
	if raw := p["Parameters"]; raw != "" {
		if json.Unmarshal([]byte(raw), &req.parameters) != nil || len(req.parameters) > maxInvokeParameters {
			return req, errInvalidParam("Parameters", "must be a JSON object with at most 10 keys")
		}
	}
	if utf8.RuneCountInString(req.username) > maxInvokeUsername {
		return req, errInvalidParam("Username", "exceeds 255 characters")
	}
	return req, nil
}

// checkParameters checks req's parameters against the saved command:
// every placeholder needs a value, and the whole must fit the size limit.
func (req invokeRequest) checkParameters(cmd *Command) *apiError {
	for _, name := range cmd.ParameterNames {
		if _, ok := req.parameters[name]; !ok {
			return errInvalidParam("Parameters", "has no value for the parameter "+name)
		}
	}
	if commandSize(cmd.Content, req.rawParameters) > maxInvokeBytes {
		return errInvalidParam("Parameters", "the command and its parameters exceed 18 KB once base64-encoded")
	}
	return nil
}

// invokeCommand starts a saved command on every server named, under one
// invoke id, each as RunCommand starts a command on one (prepareRun).
// Every server must be Running, or nothing starts.
func (s *Server) invokeCommand(p params, requestID string) (any, *apiError) {
	req, err := parseInvokeCommand(p)
	if err != nil {
		return nil, err
	}
	st := s.commands
	st.mu.Lock()
	defer st.mu.Unlock()
	cmd, err := st.command(req.region, req.commandID)
	if err != nil {
		return nil, err
	}
	if err := req.checkParameters(cmd); err != nil {
		return nil, err
	}
	instances, err := s.fleetInstances(req)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	fleet, invocations, scripts := s.newFleet(req, cmd, instances, now)
	if err := s.world.addFleet(fleet, invocations); err != nil {
		s.logf("swas-emulator: InvokeCommand hook produced an invalid invocation: %v", err)
		return nil, errServer(http.StatusInternalServerError)
	}
	for _, x := range scripts {
		x.start()
	}
	return struct {
		RequestID string `json:"RequestId"`
		InvokeID  string `json:"InvokeId"`
	}{requestID, fleet.invokeID}, nil
}

// fleetInstances returns the servers named, answering as RunCommand does
// for a server that is not found or not Running. A Username applies to
// Linux servers only (InvokeCommandRequest.Username: "You can change the
// user to run the command only for Linux simple application servers");
// refusing the request for a Windows server, rather than ignoring the user
// there, is assumed.
func (s *Server) fleetInstances(req invokeRequest) ([]Instance, *apiError) {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	instances := make([]Instance, 0, len(req.instanceIDs))
	for _, id := range req.instanceIDs {
		in, err := s.world.instance(req.region, id)
		if err != nil {
			return nil, err
		}
		if in.Status != InstanceRunning {
			return nil, newError(http.StatusForbidden, "IncorrectInstanceStatus", "The current status of the instance %s does not support this operation.", id)
		}
		if req.username != "" && !in.linux() {
			return nil, errInvalidParam("Username", "applies to Linux servers only, and "+id+" runs "+in.OSType)
		}
		instances = append(instances, in)
	}
	return instances, nil
}

// newFleet makes the run of cmd on each server, as prepareRun makes one,
// with the InvokeCommand hook: the invocations to store and the scripts to
// start once they are. Callers hold st.mu.
func (s *Server) newFleet(req invokeRequest, cmd *Command, instances []Instance, now time.Time) (*fleetInvocation, []Invocation, []*script) {
	fleet := &fleetInvocation{invokeID: "t-" + randomID(14), username: req.username, command: *cmd,
		parameters: maps.Clone(req.parameters), createdAt: now}
	if fleet.username == "" {
		fleet.username = commandTypes[cmd.Type]
	}
	if fleet.parameters == nil {
		fleet.parameters = map[string]any{}
	}
	content := cmd.Content
	if cmd.EnableParameter {
		content = substitute(content, fleet.parameters)
	}
	var invocations []Invocation
	var scripts []*script
	for _, in := range instances {
		inv := Invocation{
			InvokeID: fleet.invokeID, InstanceID: in.ID, InvokeUser: fleet.username,
			CommandName: cmd.Name, CommandType: cmd.Type, CommandContent: cmd.Content,
			Parameters: fleet.parameters, CreatedAt: now,
			PendingFor: DefaultPendingFor, RunningFor: DefaultRunningFor, Timeout: time.Duration(cmd.Timeout) * time.Second,
		}
		job := scriptJob{instanceID: in.ID, invokeID: fleet.invokeID, commandType: cmd.Type, content: content,
			workingDir: cmd.WorkingDir, user: fleet.username, createdAt: now, timeout: inv.Timeout}
		if x := s.prepareRun(in, &inv, job, s.commands.onInvoke); x != nil {
			scripts = append(scripts, x)
		}
		inv.InvokeID, inv.InstanceID = fleet.invokeID, in.ID
		invocations = append(invocations, inv)
	}
	return fleet, invocations, scripts
}
