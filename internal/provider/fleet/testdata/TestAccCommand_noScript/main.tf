[[template "provider.tf" .]]
resource "swas_command" "test" {
  name = "deploy"
}
