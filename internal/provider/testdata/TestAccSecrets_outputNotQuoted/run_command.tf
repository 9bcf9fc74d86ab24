[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "print-password"
  store_output    = false
[[- with .Show]]
  show_output_on_failure = [[.]]
[[- end]]
}
