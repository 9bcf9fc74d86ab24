# Joins a worker to a Kubernetes control plane without the join token ever
# reaching a plan or the state: the control plane prints the token, an
# ephemeral resource reads it, and the worker runs it as a write-only
# script. Against the emulator, the join command comes from emulator.json.
terraform {
  required_providers {
    swas = {
      source = "openswas/swas"
    }
  }
}

# Everything comes from the environment, as in examples/quickstart.
provider "swas" {}

variable "control_plane_id" {
  type    = string
  default = "ace0706b2ac4454d984295a942130001"
}

variable "worker_id" {
  type    = string
  default = "ace0706b2ac4454d984295a942130002"
}

# Creates a token and prints the join command that carries it. The output is
# the secret: store_output = false keeps it out of the state, while the
# status and exit code are kept, and out of errors: a failure says where to
# read it.
resource "swas_run_command" "join_token" {
  instance_id     = var.control_plane_id
  name            = "kubeadm-token-create"
  command_content = "kubeadm token create --ttl 15m --print-join-command"
  store_output    = false
}

# Reads the join command without writing it to the plan or the state. Its
# invoke_id is known once the token is created, so it is read at apply.
ephemeral "swas_invocation_result" "join_token" {
  instance_id     = swas_run_command.join_token.instance_id
  invoke_id       = swas_run_command.join_token.invoke_id
  require_success = true
}

# Runs the join command on the worker as a write-only script: sent to the
# API, never stored. A write-only script cannot be compared with the last
# one, so the command runs again only when command_content_wo_version
# changes. Its output is not needed, and may repeat the command.
resource "swas_run_command" "join" {
  instance_id                = var.worker_id
  name                       = "kubeadm-join"
  command_content_wo         = trimspace(ephemeral.swas_invocation_result.join_token.output)
  command_content_wo_version = 1
  timeout                    = 600
  store_output               = false
}

output "join" {
  description = "How the join ended; nothing secret."
  value = {
    status    = swas_run_command.join.invocation_status
    exit_code = swas_run_command.join.exit_code
  }
}
