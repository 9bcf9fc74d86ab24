# Brings a saved command under management (Terraform 1.5 or OpenTofu 1.5, or
# later): by its id in the provider's region, or by <region>:<command_id>.
import {
  to = swas_command.deploy
  id = "c-hz01272yr52abcd"
}
