# Brings a run of a saved command on a fleet under management without
# running it again (Terraform 1.5 or OpenTofu 1.5, or later): by its invoke
# id in the provider's region, or by <region>:<invoke_id>.
import {
  to = swas_command_invocation.imported
  id = "t-hz02p9545t6abcd"
}

# The command, servers, parameters and user, as the API lists them: the
# plan imports the run and changes nothing.
resource "swas_command_invocation" "imported" {
  command_id   = "c-hz01272yr52abcd"
  instance_ids = ["ace0706b2ac4454d984295a94213ab01", "ace0706b2ac4454d984295a94213ab02"]
  parameters = {
    release = "v1.4.2"
  }
  username = "deploy"
}
