[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name             = "deploy"
  command_content  = "deploy {{release}}"
  enable_parameter = true
}
