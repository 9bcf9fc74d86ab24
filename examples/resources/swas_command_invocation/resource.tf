variable "release" {
  type    = string
  default = "v1.4.2"
}

# The fleet, in groups: each group is deployed by one invocation, and all
# its servers' results are read with one request a poll.
variable "fleet" {
  type = map(set(string))
  default = {
    web = ["ace0706b2ac4454d984295a94213ab01", "ace0706b2ac4454d984295a94213ab02"]
    api = ["ace0706b2ac4454d984295a94213ab03", "ace0706b2ac4454d984295a94213ab04", "ace0706b2ac4454d984295a94213ab05"]
  }
}

resource "swas_command" "deploy" {
  name             = "deploy-app"
  command_content  = "/srv/app/deploy.sh {{release}} {{role}}"
  enable_parameter = true
  timeout          = 600
}

# Deploys the release to every group at once, waits for every server and
# fails the apply, naming the servers that failed, unless all succeeded.
# A new release, or a server added to or removed from a group, deploys that
# group again.
resource "swas_command_invocation" "deploy" {
  for_each = var.fleet

  command_id   = swas_command.deploy.id
  instance_ids = each.value
  parameters = {
    release = var.release
    role    = each.key
  }
  username = "deploy"

  timeouts {
    create = "15m"
  }
}

# Runs only after every server of the group was deployed.
resource "swas_command" "smoke_test" {
  name            = "smoke-test"
  command_content = "curl -fsS http://127.0.0.1:8080/health"
}

resource "swas_command_invocation" "smoke_test" {
  for_each = swas_command_invocation.deploy

  command_id   = swas_command.smoke_test.id
  instance_ids = each.value.instance_ids
  triggers = {
    deployment = each.value.invoke_id
  }
}

output "deploy_exit_codes" {
  value = {
    for group, run in swas_command_invocation.deploy :
    group => { for server, result in run.results : server => result.exit_code }
  }
}
