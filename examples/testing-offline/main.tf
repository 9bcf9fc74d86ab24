# A module to test offline: it deploys a release to one server with a
# script, then checks the health of a fleet with a saved command. Its tests
# (tests/*.tftest.hcl) run against the SWAS emulator, as
# docs/guides/testing-offline.md shows; run-tests.sh runs them.
terraform {
  required_providers {
    swas = {
      source = "openswas/swas"
    }
  }
}

# Everything comes from the environment: SWAS_ENDPOINT points the provider
# at the emulator, and the key pair and region are the fixture's.
provider "swas" {}

variable "server_id" {
  description = "The server the release is deployed to."
  type        = string
}

variable "release" {
  description = "The release to deploy."
  type        = string
  default     = "1.0.0"
}

variable "fleet_ids" {
  description = "The servers whose health is checked."
  type        = set(string)
  default     = []
}

variable "smoke_tests" {
  description = "How many smoke tests to run on the server once deployed, all at once."
  type        = number
  default     = 0
}

resource "swas_run_command" "deploy" {
  instance_id      = var.server_id
  name             = "deploy"
  enable_parameter = true
  parameters       = { release = var.release }
  working_dir      = "/srv/app"
  command_content  = <<-EOT
    set -e
    echo '{{release}}' > release.txt
    echo "deployed release $(cat release.txt)"
  EOT
}

resource "swas_command" "health" {
  name            = "health"
  working_dir     = "/srv/app"
  command_content = "test -f release.txt && echo healthy"
}

resource "swas_command_invocation" "health" {
  count        = length(var.fleet_ids) > 0 ? 1 : 0
  command_id   = swas_command.health.id
  instance_ids = var.fleet_ids
  # Report every server's result, failed or not, and let the tests judge.
  require_success = false
}

resource "swas_run_command" "smoke" {
  count           = var.smoke_tests
  instance_id     = var.server_id
  name            = "smoke-${count.index}"
  working_dir     = "/srv/app"
  command_content = "cat release.txt"
  depends_on      = [swas_run_command.deploy]
}

output "deployed" {
  description = "What the deploy script printed."
  value       = swas_run_command.deploy.output
  sensitive   = true
}

output "unhealthy" {
  description = "The exit code of each server whose health check failed."
  value = {
    for id, result in try(swas_command_invocation.health[0].results, {}) :
    id => result.exit_code if result.invocation_status != "Success"
  }
}

output "smoke_results" {
  description = "What each smoke test printed."
  value       = swas_run_command.smoke[*].output
  sensitive   = true
}
