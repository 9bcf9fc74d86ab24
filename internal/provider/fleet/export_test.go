package fleet

// Limits the acceptance tests of package fleet_test hold the schema to.
const (
	MaxCommandName        = maxCommandName
	MaxCommandDescription = maxCommandDescription
)
