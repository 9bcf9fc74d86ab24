[[template "provider.tf" .]]
resource "terraform_data" "invoke_id" {
  input = "t-later"
}

# The invoke ID is known only once terraform_data.invoke_id is applied.
data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = terraform_data.invoke_id.output
}
