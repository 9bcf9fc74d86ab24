[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name             = "deploy"
  command_content  = "deploy {{version}}"
  enable_parameter = true
}

resource "swas_command_invocation" "test" {
  command_id   = swas_command.deploy.id
  instance_ids = [[.Instances]]
  parameters   = { version = "1.4.2" }
  username     = "deploy"
}
