provider "swas" {
  endpoint    = "[[.Endpoint]]"
  region      = "[[.Region]]"
  access_key  = "[[.AccessKey]]"
  secret_key  = "[[.SecretKey]]"
  max_retries = 1
}

resource "swas_run_command" "test" {
  instance_id      = "[[.Instance]]"
  command_content  = "echo [[.ScriptMarker]] {{token}}"
  enable_parameter = true
  parameters       = { token = "[[.ParameterMarker]]" }
}
