[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id                = "[[.Instance]]"
  command_content_wo         = "[[.Script]]"
  command_content_wo_version = [[.Version]]
  enable_parameter           = true
  parameters_wo              = { token = "[[.Token]]" }
}
