variable "greeting" {
  type    = string
  default = "it's $(date); ok"
}

# Cloud Assistant substitutes {{greeting}} as plain text: quoted by
# shell_quote, the value is one word of the script, whatever it holds.
resource "swas_run_command" "greet" {
  instance_id      = "ace0706b2ac4454d984295a942130001"
  enable_parameter = true
  parameters       = { greeting = provider::swas::shell_quote(var.greeting) }
  command_content  = "printf '%s\\n' {{greeting}}"
}
