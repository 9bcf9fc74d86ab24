package emulator

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Limits of saved commands. The name, description and parameter limits
// are CreateCommand's documented ones (CreateCommandRequest's doc comments,
// SDK v3.0.0). SWAS documents no limit on the content: this is ECS's,
// "cannot exceed 18 KB in size" once base64-encoded (ECS
// CreateCommandRequest.CommandContent, alibabacloud-go/ecs-20140526/v7
// v7.7.0), which InvokeCommand's 18 KB of command and parameters bounds
// anyway. MaxCommands, SWAS's quota of saved commands per region, is
// unpublished: this is ECS's default quota.
const (
	MaxCommands            = 500
	maxCommandName         = 128
	maxCommandDescription  = 512
	maxCommandParameters   = 20
	maxParameterNameBytes  = 64
	maxCommandContentBytes = 18 * 1024
)

// Command is a saved command, as CreateCommand stores it.
type Command struct {
	ID, RegionID, Name, Type string
	Content                  string // plain text, as sent and as DescribeCommands returns it
	Description, WorkingDir  string
	Timeout                  int64 // seconds
	EnableParameter          bool
	ParameterNames           []string // from the {{name}} placeholders, when EnableParameter is set
	CreatedAt                time.Time
}

// commandStore holds saved commands, and the hook of InvokeCommand. The
// invocations of them are the world's. Whoever holds both locks takes
// st.mu first.
type commandStore struct {
	mu       sync.Mutex
	commands map[string]*Command // by ID
	onInvoke func(*Invocation)
}

func newCommandStore() *commandStore {
	return &commandStore{commands: map[string]*Command{}}
}

// anyPlaceholder matches any {{name}}, valid or not, so that invalid names
// are rejected; spaces and line feeds around the name are ignored.
var anyPlaceholder = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

var parameterName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// parameterNames returns the distinct placeholders of content in order of
// first use, compared without case as the API does.
func parameterNames(content string) ([]string, *apiError) {
	names := []string{}
	seen := map[string]bool{}
	for _, m := range anyPlaceholder.FindAllStringSubmatch(content, -1) {
		name := m[1]
		if !parameterName.MatchString(name) || len(name) > maxParameterNameBytes {
			return nil, errInvalidParam("CommandContent", "parameter name "+strconv.Quote(name)+
				" must be letters, digits, _ and - only, at most 64 bytes")
		}
		if key := strings.ToLower(name); !seen[key] {
			seen[key] = true
			names = append(names, name)
		}
	}
	if len(names) > maxCommandParameters {
		return nil, errInvalidParam("CommandContent", "defines more than 20 parameters")
	}
	return names, nil
}

// checkNameAndDescription applies the length limits common to
// CreateCommand and UpdateCommandAttribute.
func checkNameAndDescription(p params) *apiError {
	if utf8.RuneCountInString(p["Name"]) > maxCommandName {
		return errInvalidParam("Name", "exceeds 128 characters")
	}
	if utf8.RuneCountInString(p["Description"]) > maxCommandDescription {
		return errInvalidParam("Description", "exceeds 512 characters")
	}
	return nil
}

// parseCreateCommand checks a CreateCommand request.
func parseCreateCommand(p params) (Command, *apiError) {
	if err := p.require("RegionId", "Name", "Type", "CommandContent"); err != nil {
		return Command{}, err
	}
	cmd := Command{RegionID: p["RegionId"], Name: p["Name"], Type: p["Type"], Content: p["CommandContent"],
		Description: p["Description"], WorkingDir: p["WorkingDir"], EnableParameter: p["EnableParameter"] == "true"}
	if err := checkNameAndDescription(p); err != nil {
		return cmd, err
	}
	if _, ok := commandTypes[cmd.Type]; !ok {
		return cmd, errInvalidParam("Type", "must be RunShellScript, RunBatScript or RunPowerShellScript")
	}
	if commandSize(cmd.Content, "") > maxCommandContentBytes {
		return cmd, errInvalidParam("CommandContent", "exceeds 18 KB once base64-encoded")
	}
	if v := p["EnableParameter"]; v != "" && v != "true" && v != "false" {
		return cmd, errInvalidParam("EnableParameter", "must be true or false")
	}
	timeout, err := p.intParam("Timeout", 60, 10, 86400)
	if err != nil {
		return cmd, err
	}
	cmd.Timeout = int64(timeout)
	cmd.ParameterNames = []string{}
	if cmd.EnableParameter {
		cmd.ParameterNames, err = parameterNames(cmd.Content)
	}
	return cmd, err
}

func (s *Server) createCommand(p params, requestID string) (any, *apiError) {
	cmd, err := parseCreateCommand(p)
	if err != nil {
		return nil, err
	}
	if err := s.checkRegion(cmd.RegionID); err != nil {
		return nil, err
	}
	cmd.CreatedAt = s.clock.Now()
	cmd.ID = "c-" + randomID(16)
	st := s.commands
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for _, c := range st.commands {
		if c.RegionID == cmd.RegionID {
			n++
		}
	}
	if n >= MaxCommands {
		return nil, newError(http.StatusForbidden, "QuotaExceed.Command", "The number of commands exceeds the quota of %d.", MaxCommands)
	}
	st.commands[cmd.ID] = &cmd
	return struct {
		RequestID string `json:"RequestId"`
		CommandID string `json:"CommandId"`
	}{requestID, cmd.ID}, nil
}

// checkRegion answers as the API does for an unknown region.
func (s *Server) checkRegion(region string) *apiError {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	return s.world.region(region)
}

// command finds a saved command in region. Callers hold st.mu.
func (st *commandStore) command(region, id string) (*Command, *apiError) {
	cmd, ok := st.commands[id]
	if !ok || cmd.RegionID != region {
		return nil, newError(http.StatusNotFound, "InvalidCommandId.NotFound", "The specified CommandId %q does not exist.", id)
	}
	return cmd, nil
}

// lockCommand locks the saved commands for a request about the one its
// RegionId and CommandId name. On an error they are left unlocked.
func (s *Server) lockCommand(p params) (*Command, func(), *apiError) {
	st := s.commands
	st.mu.Lock()
	cmd, err := st.command(p["RegionId"], p["CommandId"])
	if err != nil {
		st.mu.Unlock()
		return nil, nil, err
	}
	return cmd, st.mu.Unlock, nil
}

// updateCommandAttribute changes what is given of Name, Description,
// Timeout and WorkingDir; an empty parameter leaves its attribute alone.
func (s *Server) updateCommandAttribute(p params, requestID string) (any, *apiError) {
	if err := p.require("RegionId", "CommandId"); err != nil {
		return nil, err
	}
	if err := checkNameAndDescription(p); err != nil {
		return nil, err
	}
	timeout, err := p.intParam("Timeout", 0, 10, 86400)
	if err != nil {
		return nil, err
	}
	cmd, unlock, err := s.lockCommand(p)
	if err != nil {
		return nil, err
	}
	defer unlock()
	for name, field := range map[string]*string{"Name": &cmd.Name, "Description": &cmd.Description, "WorkingDir": &cmd.WorkingDir} {
		if v := p[name]; v != "" {
			*field = v
		}
	}
	if timeout != 0 {
		cmd.Timeout = int64(timeout)
	}
	return struct {
		RequestID string `json:"RequestId"`
	}{requestID}, nil
}

// deleteCommand deletes a saved command, unless it is being run: "You
// cannot delete commands that are being run" (DeleteCommand's description
// in the SDK). SWAS documents no code for the refusal; ECS's DeleteCommand
// answers InvalidStatus.CmdIdInUse (403).
func (s *Server) deleteCommand(p params, requestID string) (any, *apiError) {
	if err := p.require("RegionId", "CommandId"); err != nil {
		return nil, err
	}
	cmd, unlock, err := s.lockCommand(p)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if s.world.running(cmd.ID, s.clock.Now()) {
		return nil, newError(http.StatusForbidden, "InvalidStatus.CmdIdInUse",
			"The specified commandId is in use by some running Invocation.")
	}
	delete(s.commands.commands, cmd.ID)
	return struct {
		RequestID string `json:"RequestId"`
	}{requestID}, nil
}

type parameterDefinition struct {
	ParameterName  string   `json:"ParameterName"`
	Required       bool     `json:"Required"`
	DefaultValue   string   `json:"DefaultValue"`
	Description    string   `json:"Description"`
	PossibleValues []string `json:"PossibleValues"`
}

type commandItem struct {
	CommandContent       string                `json:"CommandContent"`
	CommandID            string                `json:"CommandId"`
	CreationTime         string                `json:"CreationTime"`
	Description          string                `json:"Description"`
	EnableParameter      bool                  `json:"EnableParameter"`
	Name                 string                `json:"Name"`
	ParameterDefinitions []parameterDefinition `json:"ParameterDefinitions"`
	ParameterNames       []string              `json:"ParameterNames"`
	Provider             string                `json:"Provider"`
	ResourceGroupID      string                `json:"ResourceGroupId"`
	Tags                 []any                 `json:"Tags"`
	Timeout              int64                 `json:"Timeout"`
	Type                 string                `json:"Type"`
	WorkingDir           string                `json:"WorkingDir"`
}

func (cmd *Command) item(u Undocumented) commandItem {
	defs := []parameterDefinition{}
	for _, name := range cmd.ParameterNames {
		defs = append(defs, parameterDefinition{ParameterName: name, Required: true, PossibleValues: []string{}})
	}
	return commandItem{
		CommandContent: u.commandContent(cmd.Content), CommandID: cmd.ID, CreationTime: cmd.CreatedAt.UTC().Format(apiTimeFormat),
		Description: cmd.Description, EnableParameter: cmd.EnableParameter, Name: cmd.Name,
		ParameterDefinitions: defs, ParameterNames: slices.Clone(cmd.ParameterNames), Provider: providerUser,
		Tags: []any{}, Timeout: cmd.Timeout, Type: cmd.Type, WorkingDir: u.workingDir(cmd.WorkingDir),
	}
}

// Providers of commands, DescribeCommandsRequest.Provider's values: the
// commands the user saved, and the common ones Alibaba Cloud provides, of
// which the emulator has none.
const (
	providerUser         = "User"
	providerAlibabaCloud = "AlibabaCloud"
)

// describeCommands lists the saved commands that match the filters, newest
// first. Name matches exactly: the API does no fuzzy matching. Provider is
// required ("This parameter is required." in the SDK, "Provider string
// Yes" in the API reference) and is User or AlibabaCloud.
func (s *Server) describeCommands(p params, requestID string) (any, *apiError) {
	if err := p.require("RegionId", "Provider"); err != nil {
		return nil, err
	}
	if v := p["Provider"]; v != providerUser && v != providerAlibabaCloud {
		return nil, errInvalidParam("Provider", "must be User or AlibabaCloud")
	}
	page, size, err := pageParams(p)
	if err != nil {
		return nil, err
	}
	if err := s.checkRegion(p["RegionId"]); err != nil {
		return nil, err
	}
	st := s.commands
	st.mu.Lock()
	matched := []*Command{}
	for _, cmd := range st.commands {
		if cmd.RegionID == p["RegionId"] && matches(p, "CommandId", cmd.ID) && matches(p, "Name", cmd.Name) &&
			matches(p, "Type", cmd.Type) && matches(p, "Provider", providerUser) {
			matched = append(matched, cmd)
		}
	}
	slices.SortFunc(matched, func(a, b *Command) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	items := []commandItem{}
	for _, cmd := range pageOf(matched, page, size) {
		items = append(items, cmd.item(s.undocumented))
	}
	st.mu.Unlock()
	return struct {
		RequestID  string        `json:"RequestId"`
		TotalCount int           `json:"TotalCount"`
		PageNumber int           `json:"PageNumber"`
		PageSize   int           `json:"PageSize"`
		Commands   []commandItem `json:"Commands"`
	}{requestID, len(matched), page, size, items}, nil
}

// matches reports whether the optional filter name is absent or equal to
// value.
func matches(p params, name, value string) bool {
	return p[name] == "" || p[name] == value
}

// pageParams reads PageNumber (from 1) and PageSize (1 to 50, default 10).
func pageParams(p params) (int, int, *apiError) {
	page, err := p.intParam("PageNumber", 1, 1, 1<<30)
	if err != nil {
		return 0, 0, err
	}
	size, err := p.intParam("PageSize", 10, 1, 50)
	return page, size, err
}

// pageOf returns page (from 1) of items, size a page.
func pageOf[T any](items []T, page, size int) []T {
	first := min((page-1)*size, len(items))
	return items[first:min(first+size, len(items))]
}
