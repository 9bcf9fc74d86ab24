[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name            = "deploy"
  command_content = "deploy"
}

# 120 servers: batches of 50, 50 and 20, one after the other.
resource "swas_command_invocation" "test" {
  command_id      = swas_command.deploy.id
  instance_ids    = [for n in range(1, 121) : format("fleet-%03d", n)]
  require_success = false
}
