[[template "provider.tf" .]]
# The first command printed the invoke id of the second: one ephemeral
# resource feeds another, and the second feeds a provider block.
ephemeral "swas_invocation_result" "first" {
  instance_id = "[[.Instance]]"
  invoke_id   = "t-first"
}

ephemeral "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = trimspace(ephemeral.swas_invocation_result.first.output)
}

provider "echo" {
  data = ephemeral.swas_invocation_result.test
}

resource "echo" "test" {}
