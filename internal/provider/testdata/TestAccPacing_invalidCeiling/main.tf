provider "swas" {
  endpoint                = "[[.Endpoint]]"
  region                  = "[[.Region]]"
  access_key              = "[[.AccessKey]]"
  secret_key              = "[[.SecretKey]]"
  max_requests_per_second = [[.Ceiling]]
}
[[range .Reads]]
data "swas_invocation_result" "[[.Name]]" {
  instance_id = "[[$.Instance]]"
  invoke_id   = "[[.InvokeID]]"
}
[[end]]
