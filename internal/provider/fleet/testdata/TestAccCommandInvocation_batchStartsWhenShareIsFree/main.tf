[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name            = "deploy"
  command_content = "deploy"
}

resource "swas_command_invocation" "test" {
  command_id      = swas_command.deploy.id
  instance_ids    = [[.Instances]]
  max_concurrency = [[.MaxConcurrency]]
}
