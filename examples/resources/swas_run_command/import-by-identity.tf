# The same import by the run's identity (Terraform 1.12 or OpenTofu 1.12, or
# later); region_id may be left out for the provider's region.
import {
  to = swas_run_command.imported_by_identity
  identity = {
    region_id   = "cn-hangzhou"
    instance_id = "ace0706b2ac4454d984295a94213abcd"
    invoke_id   = "t-bj02prjhw1ndeploy"
  }
}

resource "swas_run_command" "imported_by_identity" {
  instance_id      = "ace0706b2ac4454d984295a94213abcd"
  name             = "deploy"
  command_content  = "/srv/app/deploy.sh {{release}}"
  enable_parameter = true
  parameters = {
    release = "v1.4.2"
  }
}
