[[template "provider.tf" .]]
# Secrets come in ephemeral variables: a literal would be kept in the
# configuration, which saved plans copy.
variable "script_secret" {
  type      = string
  ephemeral = true
}

variable "parameter_secret" {
  type      = string
  ephemeral = true
}

variable "join_version" {
  type    = number
  default = 1
}

# Prints a token, and keeps it out of the state.
resource "swas_run_command" "token" {
  instance_id                = "[[.Instance]]"
  command_content_wo         = "print-token ${var.script_secret} {{secret}}"
  command_content_wo_version = 1
  enable_parameter           = true
  parameters_wo              = { secret = var.parameter_secret }
  store_output               = false
}

ephemeral "swas_invocation_result" "token" {
  instance_id     = swas_run_command.token.instance_id
  invoke_id       = swas_run_command.token.invoke_id
  require_success = true
}

# Runs a script made of the token, on the same server for the test.
resource "swas_run_command" "join" {
  instance_id                = "[[.Instance]]"
  command_content_wo         = "join ${ephemeral.swas_invocation_result.token.output}"
  command_content_wo_version = var.join_version
  store_output               = false
}
