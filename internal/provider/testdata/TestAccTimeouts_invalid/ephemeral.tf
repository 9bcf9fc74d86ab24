[[template "provider.tf" .]]
ephemeral "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "t-seeded"
  timeouts {
    open = "[[.Timeout]]"
  }
}
