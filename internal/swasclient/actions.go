package swasclient

// The SWAS actions the client sends, each named once, here: the calls, the
// errors they return and the pacer's lanes use these names, and
// TestSDKOracle finds every action the client sends through them.
const (
	describeInvocationResult         = "DescribeInvocationResult"
	describeInvocations              = "DescribeInvocations"
	runCommand                       = "RunCommand"
	describeCloudAssistantAttributes = "DescribeCloudAssistantAttributes"
	describeCloudAssistantStatus     = "DescribeCloudAssistantStatus"
	createCommand                    = "CreateCommand"
	describeCommands                 = "DescribeCommands"
	updateCommandAttribute           = "UpdateCommandAttribute"
	deleteCommand                    = "DeleteCommand"
	invokeCommand                    = "InvokeCommand"
	describeCommandInvocations       = "DescribeCommandInvocations"
)
