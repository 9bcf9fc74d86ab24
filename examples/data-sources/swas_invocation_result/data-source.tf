# The result of a command run earlier, e.g. from the console or with
# `aliyun swas-open RunCommand`.
data "swas_invocation_result" "example" {
  instance_id = "ace0706b2ac4454d984295a94213abcd"
  invoke_id   = "t-bj02prjhw1nabcd"
}

output "command_status" {
  value = data.swas_invocation_result.example.invocation_status
}

output "command_exit_code" {
  value = data.swas_invocation_result.example.exit_code
}

# output is sensitive, as a command's output is often a secret: `tofu output
# command_output` (or terraform) shows it.
output "command_output" {
  value     = data.swas_invocation_result.example.output
  sensitive = true
}
