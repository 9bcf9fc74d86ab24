# The commands run on a server lately, and the result of the latest one: for
# when the server is known but not the invoke id.
data "swas_invocations" "recent" {
  instance_id = "ace0706b2ac4454d984295a94213abcd"
}

data "swas_invocation_result" "latest" {
  instance_id         = data.swas_invocations.recent.instance_id
  invoke_id           = data.swas_invocations.recent.latest_invoke_id
  wait_for_completion = true
}

output "recent_commands" {
  value = [
    for invocation in data.swas_invocations.recent.invocations :
    "${invocation.creation_time} ${invocation.command_name}: ${invocation.invocation_status}"
  ]
}

output "latest_output" {
  value     = data.swas_invocation_result.latest.output
  sensitive = true
}
