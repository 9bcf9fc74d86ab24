[[template "provider.tf" .]]
data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "[[.InvokeID]]"
}

resource "terraform_data" "after_setup" {
  input = data.swas_invocation_result.test.output

  lifecycle {
    precondition {
      condition     = data.swas_invocation_result.test.invocation_status == "Success"
      error_message = "The setup command did not succeed: ${data.swas_invocation_result.test.error_code}."
    }
  }
}
