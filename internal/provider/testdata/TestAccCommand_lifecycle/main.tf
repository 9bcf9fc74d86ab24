[[template "provider.tf" .]]
resource "swas_command" "test" {
  name             = "[[.Name]]"
  command_content  = "[[.Content]]"
  description      = "Deploys a release"
  timeout          = [[.Timeout]]
  working_dir      = "/srv"
  enable_parameter = true
}
