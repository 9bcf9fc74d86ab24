# Runs two commands for real on a server of the local SWAS emulator.
# `make quickstart-live-scripts` starts the emulator with -run-scripts, so
# that shell scripts run in /bin/sh on this machine, in a directory that
# stands for the server's file system, and passes its endpoint and key pair
# in SWAS_ENDPOINT, ALIBABA_CLOUD_ACCESS_KEY_ID,
# ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_REGION_ID.
terraform {
  required_providers {
    swas = {
      source = "openswas/swas"
    }
  }
}

provider "swas" {}

locals {
  instance_id = "ace0706b2ac4454d984295a942130001"
}

# Writes a file on the server and prints it.
resource "swas_run_command" "release" {
  instance_id      = local.instance_id
  name             = "write-release"
  working_dir      = "/srv/app"
  enable_parameter = true
  parameters       = { version = "v1.4.2" }
  command_content  = <<-EOT
    printf 'release=%s\n' '{{version}}' > release.txt
    echo "wrote $(pwd)/release.txt:"
    cat release.txt
  EOT
}

# Fails on purpose, after the first command: the apply fails with its exit
# code and last lines of output, and the run is saved tainted, to run again
# on the next apply.
resource "swas_run_command" "migrate" {
  instance_id     = local.instance_id
  name            = "migrate"
  working_dir     = "/srv/app"
  command_content = <<-EOT
    echo "migrating to $(cat release.txt)"
    echo "error: no database at /srv/app/db" >&2
    exit 3
  EOT

  depends_on = [swas_run_command.release]
}

output "release_output" {
  description = "What the first command printed."
  value       = swas_run_command.release.output
  sensitive   = true
}
