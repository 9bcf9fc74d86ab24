# A command that may still be running: the read waits until it has finished,
# and fails if that takes longer than timeouts.read.
data "swas_invocation_result" "install" {
  instance_id         = "ace0706b2ac4454d984295a94213abcd"
  invoke_id           = "t-bj02prjhw1ninstall"
  wait_for_completion = true

  timeouts {
    read = "30m"
  }
}
