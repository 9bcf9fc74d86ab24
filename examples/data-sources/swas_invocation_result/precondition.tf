# The read succeeds whatever the command's status; the precondition decides,
# with a message of its own, whether the resource may go ahead.
data "swas_invocation_result" "health" {
  instance_id         = "ace0706b2ac4454d984295a94213abcd"
  invoke_id           = "t-bj02prjhw1nhealth"
  wait_for_completion = true
}

resource "terraform_data" "switch_traffic" {
  input = data.swas_invocation_result.health.output

  lifecycle {
    precondition {
      condition     = data.swas_invocation_result.health.invocation_status == "Success"
      error_message = "The health check ended with ${data.swas_invocation_result.health.invocation_status} (${data.swas_invocation_result.health.error_code}); traffic stays where it is."
    }
  }
}
