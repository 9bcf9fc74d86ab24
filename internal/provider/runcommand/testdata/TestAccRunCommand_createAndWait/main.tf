[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id      = "[[.Instance]]"
  name             = "deploy"
  command_content  = "echo {{greeting}}"
  timeout          = 120
  working_dir      = "/srv/app"
  working_user     = "deploy"
  enable_parameter = true
  parameters       = { greeting = "hello world" }
  triggers         = { release = "v1" }
}

resource "swas_run_command" "windows" {
  instance_id           = "[[.Instance]]"
  type                  = "RunPowerShellScript"
  command_content       = "Get-Service"
  working_user          = "Administrator"
  windows_password_name = "axtSecretPassword"
}
