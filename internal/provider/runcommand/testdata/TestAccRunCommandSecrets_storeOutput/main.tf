[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "./print-secret.sh"
  store_output    = [[.StoreOutput]]
  require_success = [[.RequireSuccess]]
}
