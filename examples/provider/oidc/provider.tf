# RRSA on Container Service for Kubernetes: the pod's service account token
# is exchanged for the role's credentials. Usually the ALIBABA_CLOUD_OIDC_*
# and ALIBABA_CLOUD_ROLE_ARN variables that ACK injects are enough, and the
# block can be left out.
provider "swas" {
  region = "cn-hangzhou"

  assume_role_with_oidc {
    oidc_provider_arn = "acs:ram::123456789012:oidc-provider/ack-rrsa-c0123456789abcdef"
    role_arn          = "acs:ram::123456789012:role/swas-reader"
    oidc_token_file   = "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token"
  }
}
