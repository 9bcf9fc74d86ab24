[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "./deploy.sh"
  triggers        = { release = "[[.Release]]" }
  require_success = false
}
