[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "echo hi"
[[- if .NoWait]]
  wait_for_cloud_assistant = false
[[- end]]
  timeouts {
    create = "[[.Timeout]]"
  }
}
