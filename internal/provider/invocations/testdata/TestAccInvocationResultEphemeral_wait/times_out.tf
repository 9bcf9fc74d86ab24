[[template "provider.tf" .]]
ephemeral "swas_invocation_result" "test" {
  instance_id         = "[[.Instance]]"
  invoke_id           = "t-forever"
  wait_for_completion = true
  timeouts {
    open = "2s"
  }
}

provider "echo" {
  data = ephemeral.swas_invocation_result.test
}

resource "echo" "test" {}
