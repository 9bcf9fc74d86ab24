[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id      = "[[.Instance]]"
  command_content  = "echo token=[{{token}}]"
  enable_parameter = true
}
