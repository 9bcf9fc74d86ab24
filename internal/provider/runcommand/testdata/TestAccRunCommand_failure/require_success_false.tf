[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "./migrate.sh --again; exit 2"
  require_success = false
}
