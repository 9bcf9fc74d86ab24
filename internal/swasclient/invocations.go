package swasclient

import (
	"context"

	swas "github.com/alibabacloud-go/swas-open-20200601/v3/client"
	"github.com/alibabacloud-go/tea/dara"
)

// invocationsPageSize is the largest page DescribeInvocations serves.
const invocationsPageSize = 50

// InvocationFilter selects the invocations DescribeInvocations lists.
type InvocationFilter struct {
	RegionID   string
	InstanceID string
	// InvokeStatus is Running, Finished, Failed or Stopped; empty means all.
	InvokeStatus string
}

// Invocation is one entry of DescribeInvocations, with absent fields as
// empty strings.
type Invocation struct {
	InvokeID         string
	CommandName      string
	CommandType      string
	CommandContent   string // base64, as the API returns it
	CreationTime     string
	InvocationStatus string
	InvokeStatus     string
	Parameters       map[string]any
}

// InvocationList is every invocation that matched, up to a limit.
type InvocationList struct {
	Invocations []Invocation
	// TotalCount is how many the API says matched, which may exceed the limit.
	TotalCount int
	// RequestIDs of the pages read, for support cases.
	RequestIDs []string
}

// DescribeInvocations lists the invocations that match filter, in the API's
// order, reading page after page until all or limit are read.
func (c *Client) DescribeInvocations(ctx context.Context, filter InvocationFilter, limit int) (*InvocationList, error) {
	list := &InvocationList{}
	for page := 1; len(list.Invocations) < limit; page++ {
		query := map[string]any{
			"RegionId":   filter.RegionID,
			"InstanceId": filter.InstanceID,
			"PageNumber": page,
			"PageSize":   invocationsPageSize,
		}
		if filter.InvokeStatus != "" {
			query["InvokeStatus"] = filter.InvokeStatus
		}
		answer, err := c.call(ctx, describeInvocations, filter.RegionID, query)
		if err != nil {
			return nil, err
		}
		var resp swas.DescribeInvocationsResponse
		if err := decode(describeInvocations, answer, &resp); err != nil {
			return nil, err
		}
		if resp.Body == nil {
			return nil, &APIError{Action: describeInvocations, Kind: KindInvalidResponse, Err: errMissingBody, Attempts: 1}
		}
		list.RequestIDs = append(list.RequestIDs, dara.StringValue(resp.Body.RequestId))
		list.TotalCount = int(dara.Int32Value(resp.Body.TotalCount))
		for _, inv := range resp.Body.Invocations {
			if inv == nil || len(list.Invocations) == limit {
				continue
			}
			list.Invocations = append(list.Invocations, Invocation{
				InvokeID:         dara.StringValue(inv.InvokeId),
				CommandName:      dara.StringValue(inv.CommandName),
				CommandType:      dara.StringValue(inv.CommandType),
				CommandContent:   dara.StringValue(inv.CommandContent),
				CreationTime:     dara.StringValue(inv.CreationTime),
				InvocationStatus: dara.StringValue(inv.InvocationStatus),
				InvokeStatus:     dara.StringValue(inv.InvokeStatus),
				Parameters:       inv.Parameters,
			})
		}
		// A short or empty page is the last, whatever TotalCount says: a
		// wrong count must not make the loop run forever.
		if len(resp.Body.Invocations) < invocationsPageSize || page*invocationsPageSize >= list.TotalCount {
			break
		}
	}
	return list, nil
}
