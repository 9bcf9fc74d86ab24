[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name             = "deploy"
  command_content  = "deploy {{version}}"
  enable_parameter = true
}

resource "swas_command" "restart" {
  name            = "restart"
  command_content = "systemctl restart app"
}

resource "swas_command" "windows" {
  name            = "deploy"
  type            = "RunPowerShellScript"
  command_content = "Restart-Service app"
}

locals {
  saved = [swas_command.deploy, swas_command.restart, swas_command.windows]
}

data "swas_commands" "by_name" {
  name       = "deploy"
  depends_on = [local.saved]
}

data "swas_commands" "by_name_and_type" {
  name       = "deploy"
  type       = "RunShellScript"
  depends_on = [local.saved]
}

data "swas_commands" "by_id" {
  command_id = swas_command.restart.id
}

data "swas_commands" "all" {
  depends_on = [local.saved]
}
