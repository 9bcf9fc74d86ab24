# Finds the shell commands named deploy-app saved in the provider's region,
# e.g. to invoke a command another configuration manages.
data "swas_commands" "deploy" {
  name = "deploy-app"
  type = "RunShellScript"
}

resource "swas_command_invocation" "deploy" {
  command_id   = data.swas_commands.deploy.ids[0]
  instance_ids = ["ace0706b2ac4454d984295a94213abcd"]
  parameters = {
    release = "v1.4.2"
  }
}
