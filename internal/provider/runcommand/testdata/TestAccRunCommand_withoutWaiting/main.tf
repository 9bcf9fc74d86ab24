[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id         = "[[.Instance]]"
  command_content     = "sleep 600"
  wait_for_completion = false
  require_success     = false
}
