[[template "provider.tf" .]]
resource "swas_command" "test" {
  name            = "[[.Name]]"
  description     = "[[.Description]]"
  command_content = "echo hi"
}
