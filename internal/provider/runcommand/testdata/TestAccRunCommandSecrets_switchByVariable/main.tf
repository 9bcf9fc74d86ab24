[[template "provider.tf" .]]
variable "secret" {
  type    = bool
  default = true
}

resource "swas_run_command" "test" {
  instance_id                = "[[.Instance]]"
  command_content            = var.secret ? null : "echo {{token}} plain"
  command_content_wo         = var.secret ? "echo {{token}} secret" : null
  command_content_wo_version = var.secret ? 1 : null
  enable_parameter           = true
  parameters                 = var.secret ? null : { token = "plain" }
  parameters_wo              = var.secret ? { token = "secret" } : null
}
