[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "printf a; i=0; while [ $i -lt 20000 ]; do printf 'é'; i=$((i+1)); done"
}
