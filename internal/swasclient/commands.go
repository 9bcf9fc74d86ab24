package swasclient

import (
	"context"
	"errors"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
)

// commandsPageSize is the largest page DescribeCommands and
// DescribeCommandInvocations serve.
const commandsPageSize = 50

var errMissingCommandID = errors.New("the response has no CommandId")

// Command is a saved command, as CreateCommand takes it and DescribeCommands
// returns it.
type Command struct {
	ID       string
	RegionID string
	Name     string
	Type     string
	// Content is the script: plain text for CreateCommand, and as
	// DescribeCommands returned it, which Script reads as plain text.
	Content         string
	Description     string
	WorkingDir      string
	Timeout         int64 // seconds; 0 in CreateCommand leaves the API's default (60)
	EnableParameter bool
	// ParameterNames are the {{name}} placeholders the API found; empty
	// unless EnableParameter is set. Read only.
	ParameterNames []string
	CreationTime   string
	Provider       string
}

// CreateCommand saves a command and returns its id. Like RunCommand it is
// retried only when the API surely did not receive it: a retry after a
// request that reached the API would save the command twice.
func (c *Client) CreateCommand(ctx context.Context, cmd Command) (string, error) {
	query := map[string]any{
		"RegionId":        cmd.RegionID,
		"Name":            cmd.Name,
		"Type":            cmd.Type,
		"CommandContent":  cmd.Content,
		"EnableParameter": cmd.EnableParameter,
	}
	setOptional(query, map[string]string{"Description": cmd.Description, "WorkingDir": cmd.WorkingDir})
	if cmd.Timeout != 0 {
		query["Timeout"] = cmd.Timeout
	}
	answer, err := c.callRetrying(ctx, createCommand, cmd.RegionID, query, notSent)
	if err != nil {
		return "", err
	}
	var resp swas.CreateCommandResponse
	if err := decode(createCommand, answer, &resp); err != nil {
		return "", err
	}
	if resp.Body == nil || dara.StringValue(resp.Body.CommandId) == "" {
		return "", &APIError{Action: createCommand, Kind: KindInvalidResponse, Err: errMissingCommandID,
			RequestID: requestIDOf(answer), Attempts: 1}
	}
	return dara.StringValue(resp.Body.CommandId), nil
}

// setOptional adds the values that are not empty to query.
func setOptional(query map[string]any, values map[string]string) {
	for name, value := range values {
		if value != "" {
			query[name] = value
		}
	}
}

// CommandUpdate is what UpdateCommandAttribute changes: empty strings and
// a zero Timeout leave their attribute as it is.
type CommandUpdate struct {
	RegionID    string
	CommandID   string
	Name        string
	Description string
	WorkingDir  string
	Timeout     int64
}

// UpdateCommandAttribute changes a saved command's name, description,
// working directory or timeout. Repeating it changes nothing more.
func (c *Client) UpdateCommandAttribute(ctx context.Context, u CommandUpdate) error {
	query := map[string]any{"RegionId": u.RegionID, "CommandId": u.CommandID}
	setOptional(query, map[string]string{"Name": u.Name, "Description": u.Description, "WorkingDir": u.WorkingDir})
	if u.Timeout != 0 {
		query["Timeout"] = u.Timeout
	}
	_, err := c.call(ctx, updateCommandAttribute, u.RegionID, query)
	return err
}

// DeleteCommand deletes a saved command. A retry after a lost answer may
// find it gone: the caller treats not found as deleted.
func (c *Client) DeleteCommand(ctx context.Context, region, commandID string) error {
	_, err := c.call(ctx, deleteCommand, region, map[string]any{"RegionId": region, "CommandId": commandID})
	return err
}

// Values of DescribeCommands' Provider: the commands saved in this account,
// or the common ones Alibaba Cloud provides.
const (
	ProviderUser         = "User"
	ProviderAlibabaCloud = "AlibabaCloud"
)

// CommandFilter selects the saved commands DescribeCommands lists; empty
// fields match everything. Name matches exactly. Provider defaults to
// ProviderUser: the API requires one ("This parameter is required." on
// DescribeCommandsRequest.Provider).
type CommandFilter struct {
	RegionID  string
	CommandID string
	Name      string
	Type      string
	Provider  string
}

// CommandList is every saved command that matched, up to a limit.
type CommandList struct {
	Commands []Command
	// TotalCount is how many the API says matched, which may exceed the limit.
	TotalCount int
}

// DescribeCommands lists the saved commands that match filter, in the
// API's order, reading page after page until all or limit are read.
func (c *Client) DescribeCommands(ctx context.Context, filter CommandFilter, limit int) (*CommandList, error) {
	if filter.Provider == "" {
		filter.Provider = ProviderUser
	}
	list := &CommandList{}
	for page := 1; len(list.Commands) < limit; page++ {
		query := map[string]any{"RegionId": filter.RegionID, "Provider": filter.Provider, "PageNumber": page, "PageSize": commandsPageSize}
		setOptional(query, map[string]string{"CommandId": filter.CommandID, "Name": filter.Name, "Type": filter.Type})
		answer, err := c.call(ctx, describeCommands, filter.RegionID, query)
		if err != nil {
			return nil, err
		}
		var resp swas.DescribeCommandsResponse
		if err := decode(describeCommands, answer, &resp); err != nil {
			return nil, err
		}
		if resp.Body == nil {
			return nil, &APIError{Action: describeCommands, Kind: KindInvalidResponse, Err: errMissingBody, Attempts: 1}
		}
		list.TotalCount = int(dara.Int32Value(resp.Body.TotalCount))
		for _, cmd := range resp.Body.Commands {
			if cmd != nil && len(list.Commands) < limit {
				list.Commands = append(list.Commands, commandFrom(filter.RegionID, cmd))
			}
		}
		// A short page is the last, whatever TotalCount says.
		if len(resp.Body.Commands) < commandsPageSize || page*commandsPageSize >= list.TotalCount {
			break
		}
	}
	return list, nil
}

func commandFrom(region string, cmd *swas.DescribeCommandsResponseBodyCommands) Command {
	names := []string{}
	for _, name := range cmd.ParameterNames {
		if name != nil {
			names = append(names, *name)
		}
	}
	return Command{
		ID: dara.StringValue(cmd.CommandId), RegionID: region, Name: dara.StringValue(cmd.Name),
		Type: dara.StringValue(cmd.Type), Content: dara.StringValue(cmd.CommandContent),
		Description: dara.StringValue(cmd.Description), WorkingDir: dara.StringValue(cmd.WorkingDir),
		Timeout: dara.Int64Value(cmd.Timeout), EnableParameter: dara.BoolValue(cmd.EnableParameter),
		ParameterNames: names, CreationTime: dara.StringValue(cmd.CreationTime), Provider: dara.StringValue(cmd.Provider),
	}
}

// DescribeCommand reads one saved command; a command that does not exist
// is an *APIError of KindNotFound, as the API answers for other ids.
func (c *Client) DescribeCommand(ctx context.Context, region, commandID string) (*Command, error) {
	list, err := c.DescribeCommands(ctx, CommandFilter{RegionID: region, CommandID: commandID, Provider: ProviderUser}, 1)
	if err != nil {
		return nil, err
	}
	if len(list.Commands) == 0 || list.Commands[0].ID != commandID {
		return nil, &APIError{Action: describeCommands, Kind: KindNotFound, Code: "InvalidCommandId.NotFound",
			Message: "The specified CommandId " + commandID + " does not exist.", Attempts: 1}
	}
	return &list.Commands[0], nil
}
