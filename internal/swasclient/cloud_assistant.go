package swasclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
)

var errNoCloudAssistant = errors.New("the response lists no Cloud Assistant for the instance")

// InstanceRef names one server.
type InstanceRef struct {
	RegionID   string
	InstanceID string
}

// CloudAssistant is DescribeCloudAssistantAttributes's answer for one
// server, with absent fields as empty strings.
type CloudAssistant struct {
	RequestID  string
	InstanceID string
	// Online is CloudAssistantStatus "true": a heartbeat in the last two
	// minutes.
	Online                bool
	Version               string
	LastHeartbeatTime     string
	LastInvokedTime       string
	OSType                string
	ActiveTaskCount       int64
	InvocationCount       int64
	SupportSessionManager bool
}

// DescribeCloudAssistant reads the state of one server's Cloud Assistant
// agent.
func (c *Client) DescribeCloudAssistant(ctx context.Context, ref InstanceRef) (*CloudAssistant, error) {
	answer, err := c.call(ctx, describeCloudAssistantAttributes, ref.RegionID, map[string]any{
		"RegionId":    ref.RegionID,
		"InstanceIds": instanceIDs(ref.InstanceID),
	})
	if err != nil {
		return nil, err
	}
	var resp swas.DescribeCloudAssistantAttributesResponse
	if err := decode(describeCloudAssistantAttributes, answer, &resp); err != nil {
		return nil, err
	}
	if resp.Body == nil {
		return nil, &APIError{Action: describeCloudAssistantAttributes, Kind: KindInvalidResponse, Err: errMissingBody, Attempts: 1}
	}
	for _, a := range resp.Body.CloudAssistant {
		if a == nil || dara.StringValue(a.InstanceId) != ref.InstanceID {
			continue
		}
		return &CloudAssistant{
			RequestID:             dara.StringValue(resp.Body.RequestId),
			InstanceID:            ref.InstanceID,
			Online:                strings.EqualFold(dara.StringValue(a.CloudAssistantStatus), "true"),
			Version:               dara.StringValue(a.CloudAssistantVersion),
			LastHeartbeatTime:     dara.StringValue(a.LastHeartbeatTime),
			LastInvokedTime:       dara.StringValue(a.LastInvokedTime),
			OSType:                dara.StringValue(a.OSType),
			ActiveTaskCount:       dara.Int64Value(a.ActiveTaskCount),
			InvocationCount:       dara.Int64Value(a.InvocationCount),
			SupportSessionManager: dara.BoolValue(a.SupportSessionManager),
		}, nil
	}
	return nil, &APIError{Action: describeCloudAssistantAttributes, Kind: KindNotFound, Err: errNoCloudAssistant,
		RequestID: dara.StringValue(resp.Body.RequestId), Attempts: 1}
}

// CloudAssistantInstalled reads whether the agent is installed on a server
// (DescribeCloudAssistantStatus).
func (c *Client) CloudAssistantInstalled(ctx context.Context, ref InstanceRef) (bool, error) {
	answer, err := c.call(ctx, describeCloudAssistantStatus, ref.RegionID, map[string]any{
		"RegionId":    ref.RegionID,
		"InstanceIds": instanceIDs(ref.InstanceID),
	})
	if err != nil {
		return false, err
	}
	var resp swas.DescribeCloudAssistantStatusResponse
	if err := decode(describeCloudAssistantStatus, answer, &resp); err != nil {
		return false, err
	}
	if resp.Body != nil {
		for _, s := range resp.Body.CloudAssistantStatus {
			if s != nil && dara.StringValue(s.InstanceId) == ref.InstanceID {
				return dara.BoolValue(s.Status), nil
			}
		}
	}
	return false, &APIError{Action: describeCloudAssistantStatus, Kind: KindNotFound, Err: errNoCloudAssistant, Attempts: 1}
}

// instanceIDs is the InstanceIds parameter, which the SDK sends as a JSON
// array.
func instanceIDs(ids ...string) string {
	return `["` + strings.Join(ids, `","`) + `"]`
}

// AgentOfflineError is returned when ctx ends before the agent came online.
type AgentOfflineError struct {
	InstanceID string
	// Last is the last state read, nil if none was; Installed is what
	// DescribeCloudAssistantStatus said, nil if it was not read.
	Last      *CloudAssistant
	Installed *bool
	Reads     int
	Waited    time.Duration
	Err       error
}

func (e *AgentOfflineError) Error() string {
	waited := e.Waited.Round(time.Second)
	if e.Last == nil {
		return fmt.Sprintf("stopped waiting for the Cloud Assistant agent on instance %s after %s and %d reads without reading its state",
			e.InstanceID, waited, e.Reads)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the Cloud Assistant agent on instance %s was still offline after waiting %s (%d reads): ", e.InstanceID, waited, e.Reads)
	if e.Last.LastHeartbeatTime == "" {
		b.WriteString("it has sent no heartbeat")
	} else {
		fmt.Fprintf(&b, "its last heartbeat was at %s", e.Last.LastHeartbeatTime)
	}
	if e.Installed != nil && !*e.Installed {
		b.WriteString(", and DescribeCloudAssistantStatus says it is not installed")
	}
	return b.String()
}

func (e *AgentOfflineError) Unwrap() error { return e.Err }

// WaitForCloudAssistant reads the agent's state until it is online or ctx
// ends, spaced by poll as waiting for a command is; waits on the same
// server share each read. The first offline read of each wait also asks
// whether the agent is installed, for the error.
func (c *Client) WaitForCloudAssistant(ctx context.Context, ref InstanceRef, poll PollSchedule) (*CloudAssistant, error) {
	key, err := c.pollKey(describeCloudAssistantAttributes, ref.RegionID, "agent", ref.InstanceID)
	if err != nil {
		return nil, err
	}
	var installed *bool
	return poller[CloudAssistant]{
		polls:    c.pacer.polls,
		key:      key,
		id:       ref.InstanceID,
		schedule: poll,
		round: func(ctx context.Context, _ []string) (any, error) {
			agent, err := c.DescribeCloudAssistant(ctx, ref)
			if err != nil {
				return nil, err
			}
			return agent, nil
		},
		read: func(answer any, err error) (*CloudAssistant, error) {
			if err != nil {
				return nil, err
			}
			agent := answer.(*CloudAssistant) //nolint:forcetypeassert // every round of an agent's group reads one
			if !agent.Online && installed == nil {
				if ok, err := c.CloudAssistantInstalled(ctx, ref); err == nil {
					installed = &ok
				}
			}
			return agent, nil
		},
		final: func(agent *CloudAssistant) bool { return agent.Online },
		stopped: func(last *CloudAssistant, reads int, waited time.Duration, err error) error {
			return &AgentOfflineError{InstanceID: ref.InstanceID, Last: last, Installed: installed, Reads: reads, Waited: waited, Err: err}
		},
	}.run(ctx)
}
