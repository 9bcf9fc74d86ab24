# terraform query lists the commands that failed on a server in the last
# two weeks; with -generate-config-out=generated.tf it writes the
# configuration that imports them without running them again.
list "swas_run_command" "failed" {
  provider = swas

  config {
    instance_id   = "ace0706b2ac4454d984295a94213abcd"
    invoke_status = "Failed"
  }
}
