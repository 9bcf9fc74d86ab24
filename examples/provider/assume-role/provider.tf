# The base credential (here the environment's access key) assumes a RAM
# role that may read SWAS.
provider "swas" {
  region = "cn-hangzhou"

  assume_role {
    role_arn           = "acs:ram::123456789012:role/swas-reader"
    session_name       = "terraform"
    session_expiration = 3600
  }
}
