[[template "provider.tf" .]]
resource "swas_run_command" "failed" {
  instance_id     = "[[.Instance]]"
  command_content = "./migrate.sh"
}
