[[template "provider.tf" .]]
data "swas_invocations" "test" {
  instance_id = "[[.Instance]]"
}

data "swas_invocation_result" "latest" {
  instance_id         = data.swas_invocations.test.instance_id
  invoke_id           = data.swas_invocations.test.latest_invoke_id
  wait_for_completion = true
}
