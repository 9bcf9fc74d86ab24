[[template "provider.tf" .]]
data "swas_cloud_assistant" "test" {
  instance_id       = "[[.Instance]]"
  wait_until_online = true
}
