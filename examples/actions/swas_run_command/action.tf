variable "release" {
  type    = string
  default = "v1.4.2"
}

# Deploys the release on two servers whenever the release changes, waiting
# for each server's agent and then for the script, and failing the apply
# with each failing server's exit code and last lines of output.
action "swas_run_command" "deploy" {
  config {
    instance_ids     = ["ace0706b2ac4454d984295a94213ab01", "ace0706b2ac4454d984295a94213ab02"]
    working_dir      = "/srv/app"
    enable_parameter = true
    parameters       = { release = provider::swas::shell_quote(var.release) }
    command_content  = "./deploy.sh {{release}}"
    timeout          = 600
    wait_timeout     = "20m"
  }
}

resource "terraform_data" "release" {
  input = var.release

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.swas_run_command.deploy]
    }
  }
}

# Runs a saved command on a server, on demand:
#   terraform apply -invoke=action.swas_run_command.restart
action "swas_run_command" "restart" {
  config {
    instance_ids = ["ace0706b2ac4454d984295a94213ab01"]
    command_id   = "c-hz01272yr52abcd"
  }
}
