resource "terraform_data" "region" {
  input = "[[.Region]]"
}

# The region is known only once terraform_data.region is applied.
provider "swas" {
  endpoint   = "[[.Endpoint]]"
  region     = terraform_data.region.output
  access_key = "[[.AccessKey]]"
  secret_key = "[[.SecretKey]]"
}

data "swas_invocation_result" "test" {
  instance_id = "[[.Instance]]"
  invoke_id   = "t-seeded"
  depends_on  = [terraform_data.region]
}
