package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// apiFailure describes what a data source was doing, so that a failed call
// can be explained in the user's terms.
type apiFailure struct {
	// doing completes "... while <doing>", e.g. "reading invocation t-1 on instance i-1 in cn-hangzhou".
	doing string
	// blame maps a fragment of a not-found error code (e.g. "Instance") to
	// the attribute whose value the API did not find.
	blame map[string]path.Path
}

// add appends one diagnostic for err: a short title, what happened with the
// API's code, message and request id, and what to do.
func (f apiFailure) add(diags *diag.Diagnostics, err error) {
	var timeout *swasclient.WaitTimeoutError
	if errors.As(err, &timeout) && errors.Is(timeout, context.Canceled) {
		diags.AddError("Stopped waiting for the command",
			fmt.Sprintf("While %s the run was interrupted: %s.", f.doing, timeout))
		return
	}
	if errors.As(err, &timeout) {
		diags.AddError("Timed out waiting for the command",
			fmt.Sprintf("While %s: %s.\n\nRaise timeouts.read if the command needs longer, or check why it has not finished.", f.doing, timeout))
		return
	}

	var apiErr *swasclient.APIError
	if !errors.As(err, &apiErr) {
		diags.AddError("SWAS API call failed", fmt.Sprintf("While %s: %s.", f.doing, err))
		return
	}

	facts := apiFacts(apiErr)
	switch apiErr.Kind {
	case swasclient.KindCredentials:
		diags.AddError("No usable Alibaba Cloud credentials",
			fmt.Sprintf("While %s, no credentials could be obtained: %v", f.doing, apiErr.Err))
	case swasclient.KindAuthentication:
		diags.AddError("Alibaba Cloud rejected the credentials",
			fmt.Sprintf("While %s the API refused the request%s.\n\nCheck that the access key and secret (or the "+
				"profile or role) are right and active, that a temporary key has its security token, and that "+
				"this machine's clock is correct.", f.doing, facts))
	case swasclient.KindNotFound:
		title, detail := "Not found", fmt.Sprintf("While %s the API found no such object%s.\n\nCheck the ids and the region; "+
			"results of commands are kept for two weeks only.", f.doing, facts)
		for fragment, at := range f.blame {
			if strings.Contains(apiErr.Code, fragment) {
				diags.AddAttributeError(at, title, detail)
				return
			}
		}
		diags.AddError(title, detail)
	case swasclient.KindInvalidInput:
		diags.AddError("SWAS rejected the request",
			fmt.Sprintf("While %s the API rejected a parameter%s.\n\nCorrect the value the message names.", f.doing, facts))
	case swasclient.KindThrottled:
		diags.AddError("SWAS API rate limit exceeded",
			fmt.Sprintf("While %s the API kept throttling the requests%s.\n\nRaise the provider's max_retries, lower "+
				"OpenTofu's or Terraform's -parallelism, or try again later.", f.doing, facts))
	case swasclient.KindTransient:
		diags.AddError("SWAS API unavailable",
			fmt.Sprintf("While %s the API could not be reached or failed%s.\n\nThis is usually temporary: try again. "+
				"If it persists, check the endpoint and the network.", f.doing, facts))
	case swasclient.KindInvalidResponse:
		diags.AddError("Unreadable answer from the SWAS API",
			fmt.Sprintf("While %s the API answered with something that is not a valid response%s.\n\nCheck that "+
				"the endpoint points at the SWAS API.", f.doing, facts))
	case swasclient.KindCancelled:
		diags.AddError("SWAS API call interrupted",
			fmt.Sprintf("While %s the read was cancelled or ran out of time%s.\n\nRaise timeouts.read if the API is slow.", f.doing, facts))
	default:
		diags.AddError("SWAS API call failed", fmt.Sprintf("While %s%s.", f.doing, facts))
	}
}

// apiFacts renders what the API said, for the middle of a sentence.
func apiFacts(e *swasclient.APIError) string {
	var parts []string
	if e.Code != "" {
		parts = append(parts, "code "+e.Code)
	}
	if e.Message != "" {
		parts = append(parts, "message "+fmt.Sprintf("%q", e.Message))
	} else if e.Err != nil {
		parts = append(parts, "error "+fmt.Sprintf("%q", e.Err.Error()))
	}
	if e.StatusCode != 0 {
		parts = append(parts, fmt.Sprintf("HTTP status %d", e.StatusCode))
	}
	if e.RequestID != "" {
		parts = append(parts, "request id "+e.RequestID)
	}
	if e.Attempts > 1 {
		parts = append(parts, fmt.Sprintf("%d attempts", e.Attempts))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
