[[template "provider.tf" .]]
data "swas_invocations" "test" {
  instance_id = "[[.Instance]]"
}
