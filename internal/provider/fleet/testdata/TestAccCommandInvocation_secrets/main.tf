[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name             = "deploy"
  command_content  = "deploy {{version}}"
  enable_parameter = true
}

resource "swas_command_invocation" "test" {
  command_id   = swas_command.deploy.id
  instance_ids = [[.Instances]]
[[- with .Parameters]]
  parameters = { version = "[[.]]" }
[[- end]]
[[- with .ParametersWO]]
  parameters_wo = { version = "[[.]]" }
[[- end]]
[[- with .Version]]
  parameters_wo_version = [[.]]
[[- end]]
  store_output = [[.StoreOutput]]
}
