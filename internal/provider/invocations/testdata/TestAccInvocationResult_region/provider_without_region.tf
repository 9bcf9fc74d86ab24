provider "swas" {
  endpoint   = "[[.Endpoint]]"
  access_key = "[[.AccessKey]]"
  secret_key = "[[.SecretKey]]"
}

data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "[[.InvokeID]]"
}
