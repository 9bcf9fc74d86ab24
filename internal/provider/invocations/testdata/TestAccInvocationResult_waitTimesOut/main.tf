[[template "provider.tf" .]]
data "swas_invocation_result" "test" {
  instance_id         = "[[.Instance]]"
  invoke_id           = "t-slow"
  wait_for_completion = true
  timeouts {
    read = "2s"
  }
}
