[[template "provider.tf" .]]
data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "t-seeded"
  region_id   = "xx-nowhere-1"
}
