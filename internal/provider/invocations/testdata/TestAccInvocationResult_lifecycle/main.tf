[[template "provider.tf" .]]
data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "t-lifecycle"
}
