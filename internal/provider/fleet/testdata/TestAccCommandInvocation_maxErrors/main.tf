[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name            = "deploy"
  command_content = "deploy"
}

# 100 servers, 10 at a time, stopping once more than 2 have failed.
resource "swas_command_invocation" "test" {
  command_id      = swas_command.deploy.id
  instance_ids    = [for n in range(1, 101) : format("fleet-%03d", n)]
  max_concurrency = [[.MaxConcurrency]]
  max_errors      = [[.MaxErrors]]
}
