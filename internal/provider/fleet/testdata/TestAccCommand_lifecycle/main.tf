[[template "provider.tf" .]]
resource "swas_command" "test" {
  name             = "[[.Name]]"
  command_content  = "[[.Content]]"
[[- with .Description]]
  description      = "[[.]]"
[[- end]]
  timeout          = [[.Timeout]]
  working_dir      = "/srv"
  enable_parameter = true
}
