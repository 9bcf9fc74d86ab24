package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/openswas/terraform-provider-swas/internal/swasclient"
)

// Failure describes what a data source or resource was doing, so that
// every failure, of a call, of a wait or of require_success, becomes one
// diagnostic in the user's terms.
type Failure struct {
	// Doing completes "While <doing>", e.g. "reading invocation t-1 on instance i-1 in cn-hangzhou".
	Doing string
	// Blame maps a fragment of a not-found error code (e.g. "Instance") to
	// the attribute whose value the API did not find.
	Blame map[string]path.Path
	// Timeout bounds the work, for the advice after it ran out of time.
	Timeout Timeout
	// StartsCommand marks a call that may start a command: after a failure
	// that may have reached the API, trying again may run it twice.
	StartsCommand bool
	// Afterword ends every error's detail, e.g. that the run is kept.
	Afterword string
}

// Explainer is an error that explains itself to the user, such as a
// command that require_success rejects: a short title, and what happened
// and what to do.
type Explainer interface {
	error
	Explain() (title, detail string)
}

// Add appends one diagnostic for err: a short title, what happened with the
// API's code, message and request id, and what to do.
func (f Failure) Add(diags *diag.Diagnostics, err error) {
	title, detail := f.explain(err)
	if f.Afterword != "" {
		detail += "\n\n" + f.Afterword
	}
	if at, ok := f.blamed(err); ok {
		diags.AddAttributeError(at, title, detail)
		return
	}
	diags.AddError(title, detail)
}

// explain is the title and the detail of the diagnostic for err.
func (f Failure) explain(err error) (title, detail string) {
	var explainer Explainer
	var timeout *swasclient.WaitTimeoutError
	var apiErr *swasclient.APIError
	var offline *swasclient.AgentOfflineError
	var inUse *swasclient.CommandInUseError
	limit := f.Timeout.Key()
	switch {
	case swasclient.NothingSent(err) && errors.Is(err, context.DeadlineExceeded):
		return "Out of time before any request", fmt.Sprintf("While %s, %s ran out before any request was sent to "+
			"the API: nothing was read, started or changed.\n\nRaise %s: it bounds the requests to the API and the "+
			"waiting.", f.Doing, limit, limit)
	case swasclient.NothingSent(err):
		return "Interrupted before any request", fmt.Sprintf("While %s, the run was interrupted before any request "+
			"was sent to the API: nothing was read, started or changed.", f.Doing)
	case errors.As(err, &explainer):
		return explainer.Explain()
	case errors.As(err, &offline):
		return f.explainAgentOffline(offline)
	case errors.As(err, &inUse):
		return f.explainCommandInUse(inUse)
	case f.StartsCommand && swasclient.MayHaveRun(err):
		// Not the usual advice to try again: that may run the command twice.
		return "The command may have started", fmt.Sprintf("While %s, the request failed after it may have reached "+
			"the API: %s.\n\nThe command may be running, or have run, although no invoke id came back, and nothing is "+
			"saved in the state: the next apply runs it again. Check the swas_invocations data source or the console's "+
			"command history first.", f.Doing, err)
	case errors.As(err, &timeout) && errors.Is(timeout, context.Canceled):
		return "Stopped waiting for the command", fmt.Sprintf("While %s the run was interrupted: %s.", f.Doing, timeout)
	case errors.As(err, &timeout):
		return "Timed out waiting for the command", fmt.Sprintf("While %s: %s.\n\nRaise %s if the command needs "+
			"longer, or check why it has not finished.", f.Doing, timeout, limit)
	case !errors.As(err, &apiErr):
		return "SWAS API call failed", fmt.Sprintf("While %s: %s.", f.Doing, err)
	}
	return f.explainAPIError(apiErr)
}

// explainAPIError explains a failed call by its kind, or by its code
// where the code says more.
func (f Failure) explainAPIError(apiErr *swasclient.APIError) (title, detail string) {
	switch apiErr.Kind {
	case swasclient.KindUnusableEndpoint:
		return "Unusable SWAS endpoint", fmt.Sprintf("While %s, the endpoint %s could not be used, so nothing was "+
			"sent: %s%s.\n\n%s", f.Doing, apiErr.Endpoint, apiErr.EndpointProblem(), apiFacts(apiErr), endpointAdvice(apiErr.Endpoint))
	case swasclient.KindCredentials:
		return "No usable Alibaba Cloud credentials",
			fmt.Sprintf("While %s, no credentials could be obtained: %v", f.Doing, apiErr.Err)
	}
	meaning, known := codeMeanings[apiErr.Code]
	if !known {
		meaning, known = kindMeanings[apiErr.Kind]
	}
	if apiErr.Kind == swasclient.KindNotFound {
		meaning.advice = notFoundAdvice(apiErr.Code)
	}
	if !known {
		return "SWAS API call failed", fmt.Sprintf("While %s%s.", f.Doing, apiFacts(apiErr))
	}
	advice := strings.ReplaceAll(meaning.advice, "{timeout}", f.Timeout.Key())
	happened := strings.ReplaceAll(meaning.happened, "{timeout}", f.Timeout.Key())
	return meaning.title, fmt.Sprintf("While %s %s%s.\n\n%s", f.Doing, happened, apiFacts(apiErr), advice)
}

// kindMeanings says, for each kind of failed call, what happened and what
// the user can do.
var kindMeanings = map[swasclient.ErrorKind]struct{ title, happened, advice string }{
	swasclient.KindAuthentication: {"Alibaba Cloud rejected the credentials", "the API refused the request",
		"Check that the access key and secret (or the profile or role) are right and active, that a temporary key " +
			"has its security token, and that this machine's clock is correct."},
	swasclient.KindNotFound: {title: "Not found", happened: "the API found no such object"},
	swasclient.KindInvalidInput: {"SWAS rejected the request", "the API rejected the request",
		"Correct what the message names: a value, or the state of the server or command it refers to."},
	swasclient.KindThrottled: {"SWAS API rate limit exceeded", "the API kept throttling the requests for longer than {timeout} allows",
		"The provider paces its requests to the rate the API accepts, so this means the quota is used up by other " +
			"tools or is very low. Raise {timeout}, set the provider's max_requests_per_second below your quota, or " +
			"try again later."},
	swasclient.KindTransient: {"SWAS API unavailable", "the API could not be reached or failed",
		"This is usually temporary: try again. If it persists, check the endpoint and the network."},
	swasclient.KindInvalidResponse: {"Unreadable answer from the SWAS API",
		"the API answered with something that is not a valid response", "Check that the endpoint points at the SWAS API."},
	swasclient.KindCancelled: {"SWAS API call interrupted", "the read was cancelled or ran out of time",
		"Raise {timeout} if the API is slow."},
	swasclient.KindUntrustedCertificate: {"SWAS endpoint's certificate is not trusted",
		"the endpoint's TLS certificate could not be verified, so nothing was sent",
		"If the endpoint is a proxy or an emulator with a certificate authority of its own, make this machine " +
			"trust that CA: add it to the system's CA store or, on Linux and the BSDs, set SSL_CERT_FILE to a PEM " +
			"file holding it (with the public CAs too if other endpoints need them) in the environment OpenTofu or " +
			"Terraform runs in. Otherwise check the endpoint's address and this machine's clock. The provider never " +
			"skips certificate verification."},
}

// endpointAdvice says which setting to correct for an endpoint that cannot
// be used.
func endpointAdvice(e swasclient.Endpoint) string {
	if e.Setting == "" {
		return "It is the default endpoint of the region: check the region (region_id, or the provider's region), " +
			"or set the provider's endpoint."
	}
	return fmt.Sprintf("Correct %s, or unset it to use the region's endpoint. An endpoint without a scheme means "+
		"HTTPS; a local emulator usually needs http://.", SettingName(e.Setting))
}

// SettingName says where a setting was made, for messages: the provider's
// attribute, or an environment variable.
func SettingName(setting string) string {
	if strings.ToUpper(setting) == setting {
		return "the environment variable " + setting
	}
	return "the provider's " + setting
}

// codeMeanings are the API's answers whose advice is more precise than
// their kind's.
var codeMeanings = map[string]struct{ title, happened, advice string }{
	// SWAS's StartInstance and RebootInstance pages: the instance's state
	// does not allow the operation; for a command, the server is not running.
	"IncorrectInstanceStatus": {"Server not running", "the API refused it because of the server's state",
		"Commands run only on a running server. Start the server (the console, or the API's StartInstance), wait " +
			"until it is Running and its Cloud Assistant agent is online, then apply again. A server that is " +
			"starting, stopping or being reset needs the same wait."},
	// SWAS's ListFirewallRules and UpdateInstanceAttribute pages.
	"RegionIdNotMatchHost": {"Region not served by this endpoint", "the API refused a region its endpoint does not serve",
		"Check the region, and the provider's endpoint (or SWAS_ENDPOINT): each region has its own endpoint, " +
			"https://swas.<region>.aliyuncs.com, which the provider uses when endpoint is not set."},
	// The emulator's assumption for CreateCommand, which ECS documents.
	"QuotaExceed.Command": {"Saved command quota reached", "the API refused to save another command in the region",
		"Delete the saved commands no longer needed (the swas_commands data source lists them), or ask Alibaba " +
			"Cloud for a higher quota."},
}

// notFoundAdvice is what to check when the API did not find what its
// error code names: only the results of commands expire.
func notFoundAdvice(code string) string {
	switch {
	case strings.Contains(code, "Invoke"):
		return "Check the invoke ID and the region: results of commands are kept for two weeks only, and go with a " +
			"released server."
	case strings.Contains(code, "Command"):
		return "Check the command ID and the region: the saved command may have been deleted."
	case strings.Contains(code, "Instance"):
		return "Check the instance ID and the region: the server may have been released, or be in another region."
	case strings.Contains(code, "Region"):
		return "Check the region."
	}
	return "Check the IDs and the region."
}

// blamed is the attribute whose value the API did not find, if any.
func (f Failure) blamed(err error) (path.Path, bool) {
	var apiErr *swasclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Kind != swasclient.KindNotFound {
		return path.Path{}, false
	}
	for fragment, at := range f.Blame {
		if strings.Contains(apiErr.Code, fragment) {
			return at, true
		}
	}
	return path.Path{}, false
}

// apiFacts renders what the API said, for the middle of a sentence.
func apiFacts(e *swasclient.APIError) string {
	var parts []string
	if e.StatusCode == 0 && e.Action != "" {
		// No answer: the action says which request failed to get one.
		parts = append(parts, "action "+e.Action)
	}
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
	if e.Throttles > 0 {
		parts = append(parts, fmt.Sprintf("%d throttled", e.Throttles))
	}
	if e.Paced >= time.Second {
		parts = append(parts, fmt.Sprintf("%s waited for turns under the rate limit", e.Paced.Round(time.Second)))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// explainAgentOffline is the diagnostic for an agent that did not come
// online in time: the last state seen, and what brings it online.
func (f Failure) explainAgentOffline(e *swasclient.AgentOfflineError) (title, detail string) {
	if errors.Is(e, context.Canceled) {
		return "Stopped waiting for Cloud Assistant", fmt.Sprintf("While %s the run was interrupted: %s.", f.Doing, e)
	}
	todo := "If the server is stopped, start it. If the Cloud Assistant agent is not installed " +
		"(DescribeCloudAssistantStatus), install it with InstallCloudAssistant and reboot the server; it comes " +
		"online a minute or so after the server starts. If the server was just created or started, raise " +
		f.Timeout.Key() + "."
	if e.Installed != nil && !*e.Installed {
		todo = "Install the agent with InstallCloudAssistant (or the console's Cloud Assistant page) and reboot the " +
			"server; it comes online a minute or so after the server starts."
	}
	return "Cloud Assistant agent not online", fmt.Sprintf("While %s: %s.\n\nCommands run only while the agent is online. %s",
		f.Doing, e, todo)
}

// explainCommandInUse says what still runs a saved command that could not
// be deleted in time, and what to do.
func (f Failure) explainCommandInUse(e *swasclient.CommandInUseError) (title, detail string) {
	var b strings.Builder
	fmt.Fprintf(&b, "While %s: SWAS refuses to delete a command while it is being run, and command %s was still "+
		"being run when %s ran out, after waiting %s (%d attempts to delete it).", f.Doing, e.CommandID, f.Timeout.Key(),
		e.Waited.Round(time.Second), e.Attempts)
	if len(e.Running) > 0 {
		fmt.Fprintf(&b, "\n\nStill running: %s.", e.RunningDescription())
	}
	b.WriteString("\n\nThe command is kept. Wait for the runs to end (each stops at the command's timeout at the " +
		"latest) and destroy again, or raise " + f.Timeout.Key() + ".")
	return "Command still being run", b.String()
}

// Plural is n and noun, with an s unless n is 1.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
