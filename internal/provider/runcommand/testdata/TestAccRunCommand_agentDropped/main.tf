[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "systemctl restart nginx"
}
