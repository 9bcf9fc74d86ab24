[[template "provider.tf" .]]
variable "parameter_secret" {
  type      = string
  ephemeral = true
}

resource "swas_command" "deploy" {
  name             = "deploy"
  command_content  = "deploy {{token}}"
  enable_parameter = true
}

resource "swas_command_invocation" "test" {
  command_id            = swas_command.deploy.id
  instance_ids          = [[.Instances]]
  parameters_wo         = { token = var.parameter_secret }
  parameters_wo_version = 1
  store_output          = false
}
