[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id      = "[[.Instance]]"
  name             = "greet"
  command_content  = "echo {{name}}"
  enable_parameter = true
  parameters       = { name = "Jack" }
}
