terraform {
  required_providers {
    swas = {
      source = "openswas/swas"
    }
  }
}

# Credentials come from the environment here, e.g.
# ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; see
# "Authentication" for every other source.
provider "swas" {
  region = "cn-hangzhou"
}
