# The read fails unless the migration succeeded, so nothing that depends on
# it is created or changed after a failed migration.
data "swas_invocation_result" "migrate" {
  instance_id         = "ace0706b2ac4454d984295a94213abcd"
  invoke_id           = "t-bj02prjhw1nmigrate"
  wait_for_completion = true
  require_success     = true
}

resource "terraform_data" "release" {
  input = "v2"

  depends_on = [data.swas_invocation_result.migrate]
}
