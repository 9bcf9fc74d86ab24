[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id                = "[[.Instance]]"
  command_content_wo         = "echo token=[{{token}}]"
  command_content_wo_version = 1
  enable_parameter           = true
  parameters_wo              = { token = "NEWSECRET-123" }
}
