[[template "provider.tf" .]]
ephemeral "swas_invocation_result" "test" {
  instance_id     = "[[.Instance]]"
  invoke_id       = "t-failed"
  require_success = true
[[- with .Show]]
  show_output_on_failure = [[.]]
[[- end]]
}

# Makes the plan open the ephemeral resource.
resource "swas_run_command" "uses" {
  instance_id        = "[[.Instance]]"
  command_content_wo = ephemeral.swas_invocation_result.test.output
}
