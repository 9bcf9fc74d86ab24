[[template "provider.tf" .]]
resource "swas_command_invocation" "test" {
  command_id   = "c-hz01272yr52abcd"
  instance_ids = [[.Instances]]
  [[.Arguments]]
}
