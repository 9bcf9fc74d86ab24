[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name             = "deploy"
  command_content  = "deploy {{version}}"
  enable_parameter = true
}

action "swas_run_command" "deploy" {
  config {
    instance_ids = [[.Instances]]
    command_id   = swas_command.deploy.id
    parameters   = { version = "1.4.2" }
  }
}
