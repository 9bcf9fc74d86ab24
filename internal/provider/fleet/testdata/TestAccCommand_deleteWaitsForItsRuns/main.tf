[[template "provider.tf" .]]
resource "swas_command" "test" {
  name            = "deploy"
  command_content = "deploy"
}

# Stops waiting long before the command ends on fleet-01: the run is kept,
# tainted, and still running when the configuration is destroyed.
resource "swas_command_invocation" "test" {
  command_id   = swas_command.test.id
  instance_ids = ["fleet-01", "fleet-02"]
  timeouts {
    create = "2s"
  }
}
