[[template "provider.tf" .]]
resource "swas_command" "deploy" {
  name             = "deploy"
  description      = "Deploys a release"
  command_content  = "/srv/app/deploy.sh {{release}}"
  enable_parameter = true
  timeout          = 600
}

resource "swas_command" "restart" {
  name            = "restart"
  command_content = "systemctl restart app"
}

resource "swas_command" "windows" {
  name            = "restart"
  type            = "RunPowerShellScript"
  command_content = "Restart-Service app"
}
