# Everything comes from the environment.
provider "swas" {}

data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "t-seeded"
}
