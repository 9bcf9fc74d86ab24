[[template "provider.tf" .]]
resource "swas_command" "test" {
  name             = "deploy"
  command_content  = "deploy {{version}}"
  description      = "Deploys a release"
  timeout          = 120
  working_dir      = "/srv"
  enable_parameter = true
}
