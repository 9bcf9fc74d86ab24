provider "swas" {
  endpoint       = "[[.Endpoint]]"
  region         = "[[.Region]]"
  access_key     = "[[.AccessKey]]"
  secret_key     = "[[.SecretKey]]"
  security_token = "[[.Token]]"
}

data "swas_invocation_result" "test" {
  instance_id     = "[[.Instance]]"
  invoke_id       = "t-logged"
  require_success = true
}
