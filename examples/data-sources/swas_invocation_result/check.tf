# A warning, not an error: the run goes on when the last backup failed, or
# when its result cannot be read at all.
check "nightly_backup" {
  data "swas_invocation_result" "backup" {
    instance_id = "ace0706b2ac4454d984295a94213abcd"
    invoke_id   = "t-bj02prjhw1nbackup"
  }

  assert {
    condition     = data.swas_invocation_result.backup.invocation_status == "Success"
    error_message = "The nightly backup ended with ${data.swas_invocation_result.backup.invocation_status}: ${data.swas_invocation_result.backup.error_info}"
  }
}
