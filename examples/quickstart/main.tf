# Reads three commands seeded in the local SWAS emulator (emulator.json) and
# shows what each printed, its status and its exit code; then runs a command
# on a server started a moment ago, whose Cloud Assistant agent comes online
# twenty seconds after the emulator starts, after the plan has read the
# others. `make quickstart` starts the emulator and passes its endpoint and
# key pair to the provider in SWAS_ENDPOINT, ALIBABA_CLOUD_ACCESS_KEY_ID,
# ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_REGION_ID.
terraform {
  required_providers {
    swas = {
      source = "openswas/swas"
    }
  }
}

# Everything comes from the environment; see the provider's documentation
# for the settings that can go here instead.
provider "swas" {}

locals {
  instance_id = "ace0706b2ac4454d984295a942130001"
  invocations = {
    hello  = "t-hz02quickstart1"
    list   = "t-hz02quickstart2"
    deploy = "t-hz02quickstart3"
  }
}

data "swas_invocation_result" "this" {
  for_each = local.invocations

  instance_id = local.instance_id
  invoke_id   = each.value
  # deploy is still running when the emulator starts: wait for it. The
  # others have finished and are read at once.
  wait_for_completion = true
}

# Outputs are sensitive, as a command's output is often a secret: apply hides
# them, and `tofu output results` shows them.
output "results" {
  description = "Status, exit code and decoded output of each command."
  sensitive   = true
  value = {
    for name, result in data.swas_invocation_result.this : name => {
      status    = result.invocation_status
      exit_code = result.exit_code
      output    = result.output
    }
  }
}

# The fresh server's agent is not online yet when the apply starts:
# swas_run_command waits for it (wait_for_cloud_assistant, true by default)
# before it runs the command, so the apply needs nothing more.
resource "swas_run_command" "welcome" {
  instance_id     = "ace0706b2ac4454d984295a942130002"
  name            = "welcome"
  command_content = "echo \"Welcome to $(hostname)\""
}

output "welcome" {
  description = "Status and output of the command on the fresh server."
  sensitive   = true
  value = {
    status = swas_run_command.welcome.invocation_status
    output = swas_run_command.welcome.output
  }
}
