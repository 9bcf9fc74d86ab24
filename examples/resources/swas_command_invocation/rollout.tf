# A rollout: the release goes out to 10% of the servers at a time, and
# stops at the first failure, before the rest of the fleet has it. Each
# batch starts as soon as the one before it has ended on every server; once
# one server fails, no further batch starts, and the apply fails naming the
# servers that failed, with their exit codes, and those never started.
variable "servers" {
  description = "Every server of the fleet, up to 1000."
  type        = set(string)
}

resource "swas_command" "release" {
  name             = "release"
  command_content  = "/srv/app/deploy.sh {{release}}"
  enable_parameter = true
  timeout          = 600
}

resource "swas_command_invocation" "release" {
  command_id      = swas_command.release.id
  instance_ids    = var.servers
  parameters      = { release = "v1.5.0" }
  max_concurrency = "10%"
  max_errors      = 0

  # Ten waves in turn, each up to the command's 10 minutes.
  timeouts {
    create = "2h"
  }
}
