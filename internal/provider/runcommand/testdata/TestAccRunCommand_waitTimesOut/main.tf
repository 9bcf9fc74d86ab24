[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "sleep 86400"
  timeout         = 86400
  timeouts {
    create = "2s"
  }
}
