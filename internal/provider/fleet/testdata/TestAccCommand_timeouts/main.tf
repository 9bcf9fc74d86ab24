[[template "provider.tf" .]]
resource "swas_command" "test" {
  name            = "[[.Name]]"
  command_content = "deploy"
  timeouts {
    create = "[[.Create]]"
    update = "[[.Update]]"
  }
}
