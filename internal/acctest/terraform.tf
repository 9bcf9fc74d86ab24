# Makes "swas" mean openswas/swas, which the CLI then installs from the
# provider mirror that scripts/lib.sh builds. The tests that run the CLI
# themselves and scripts/docs.sh add this file to their configurations.
terraform {
  required_providers {
    swas = {
      source = "openswas/swas"
    }
  }
}
