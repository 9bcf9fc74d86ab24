[[template "provider.tf" .]]
terraform {
  required_providers {
    swas = {
      source = "hashicorp/swas"
    }
  }
}

variable "value" {
  type = string
}

resource "swas_run_command" "test" {
  instance_id      = "[[.Instance]]"
  enable_parameter = true
  parameters       = { value = provider::swas::shell_quote(var.value) }
  # The placeholder is bare: the function's quotes make it one word.
  command_content = "printf %s {{value}}"
}
