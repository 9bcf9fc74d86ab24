[[template "provider.tf" .]]
resource "swas_command" "test" {
  name             = "deploy"
  command_content  = "deploy {{version}}"
  enable_parameter = true
}

resource "swas_command_invocation" "test" {
  command_id   = swas_command.test.id
  instance_ids = ["[[.Instance]]"]
  parameters   = { version = "1.4.2" }
}

data "swas_commands" "test" {
  command_id = swas_command.test.id
}
