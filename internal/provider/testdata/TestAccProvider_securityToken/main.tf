provider "swas" {
  endpoint       = "[[.Endpoint]]"
  region         = "[[.Region]]"
  access_key     = "STS.tempKey"
  secret_key     = "temp-secret"
  security_token = "[[.Token]]"
}

data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "t-seeded"
}
