# Reads the output of a command that printed a generated password, without
# writing it to the plan or the state, once the command has finished.
ephemeral "swas_invocation_result" "password" {
  instance_id         = "ace0706b2ac4454d984295a94213abcd"
  invoke_id           = "t-bj02prjhw1npasswd"
  wait_for_completion = true
  require_success     = true
}

# Ephemeral values go to write-only arguments, provider blocks, other
# ephemeral resources and ephemeral outputs only. Change
# command_content_wo_version to set the password again.
resource "swas_run_command" "set_password" {
  instance_id                = "ace0706b2ac4454d984295a94213ef01"
  command_content            = "echo 'app:{{password}}' | chpasswd"
  enable_parameter           = true
  command_content_wo_version = 1
  parameters_wo = {
    password = trimspace(ephemeral.swas_invocation_result.password.output)
  }
}
