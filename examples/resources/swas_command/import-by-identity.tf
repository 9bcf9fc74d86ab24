# The same import by the command's identity (Terraform 1.12 or OpenTofu
# 1.12, or later); region_id may be left out for the provider's region.
import {
  to = swas_command.deploy_by_identity
  identity = {
    region_id  = "cn-hangzhou"
    command_id = "c-hz01272yr52abcd"
  }
}

resource "swas_command" "deploy_by_identity" {
  name             = "deploy-app"
  description      = "Deploys a release of the app"
  command_content  = "/srv/app/deploy.sh {{release}}"
  enable_parameter = true
  timeout          = 600
  working_dir      = "/srv/app"
}
