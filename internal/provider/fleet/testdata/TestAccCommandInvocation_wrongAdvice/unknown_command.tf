[[template "provider.tf" .]]
resource "swas_command_invocation" "test" {
  command_id   = "c-unknown0001"
  instance_ids = [[.Instances]]
}
