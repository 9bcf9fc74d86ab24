# Brings a command run before, e.g. from the console, under management
# without running it again (Terraform 1.5 or OpenTofu 1.5, or later). The id
# is <instance_id>:<invoke_id>, or <region>:<instance_id>:<invoke_id>.
import {
  to = swas_run_command.imported
  id = "ace0706b2ac4454d984295a94213abcd:t-bj02prjhw1ndeploy"
}

# The run's name, script and parameters, as the API lists them: the plan
# imports the run and changes nothing. Arguments the API does not keep, such
# as timeout, stay as the configuration says.
resource "swas_run_command" "imported" {
  instance_id      = "ace0706b2ac4454d984295a94213abcd"
  name             = "deploy"
  command_content  = "/srv/app/deploy.sh {{release}}"
  enable_parameter = true
  parameters = {
    release = "v1.4.2"
  }
}
