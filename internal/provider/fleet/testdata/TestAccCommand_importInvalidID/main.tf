[[template "provider.tf" .]]
resource "swas_command" "test" {
  name            = "deploy"
  command_content = "echo hi"
}
