[[template "provider.tf" .]]
data "swas_invocation_result" "test" {
  count       = [[.Count]]
  instance_id = "[[.Instance]]"
  invoke_id   = format("t-tls%02d", count.index)
}

output "statuses" {
  value = join(",", data.swas_invocation_result.test[*].invocation_status)
}
