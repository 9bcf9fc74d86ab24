[[template "provider.tf" .]]
[[- range .Reads]]
data "swas_invocation_result" "[[.Name]]" {
  instance_id = "[[$.Instance]]"
  invoke_id   = "[[.InvokeID]]"
}
[[end]]
