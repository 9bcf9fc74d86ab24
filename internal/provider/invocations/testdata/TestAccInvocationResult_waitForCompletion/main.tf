[[template "provider.tf" .]]
data "swas_invocation_result" "test" {
  instance_id         = "[[.Instance]]"
  invoke_id           = "t-waited"
  wait_for_completion = true
  require_success     = true
}
