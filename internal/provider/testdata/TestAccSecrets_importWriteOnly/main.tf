[[template "provider.tf" .]]
variable "script_secret" {
  type      = string
  ephemeral = true
}

variable "parameter_secret" {
  type      = string
  ephemeral = true
}

resource "swas_run_command" "test" {
  instance_id                = "[[.Instance]]"
  command_content_wo         = "echo ${var.script_secret} {{token}}"
  command_content_wo_version = 1
  enable_parameter           = true
  parameters_wo              = { token = var.parameter_secret }
}
