# The same import by the run's identity (Terraform 1.12 or OpenTofu 1.12,
# or later); region_id may be left out for the provider's region.
import {
  to = swas_command_invocation.imported_by_identity
  identity = {
    region_id = "cn-hangzhou"
    invoke_id = "t-hz02p9545t6abcd"
  }
}
