# A secret for a whole fleet, as a write-only parameter from an ephemeral
# variable: it reaches the API, and never a plan or the state. Each server's
# output stays out of the state too. Change parameters_wo_version to run the
# command again, with the secret the variable has then.
variable "db_password" {
  type      = string
  ephemeral = true
}

resource "swas_command" "set_db_password" {
  name             = "set-db-password"
  command_content  = "/srv/app/set-db-password.sh '{{password}}'"
  enable_parameter = true
}

resource "swas_command_invocation" "set_db_password" {
  command_id            = swas_command.set_db_password.id
  instance_ids          = ["ace0706b2ac4454d984295a94213ab03", "ace0706b2ac4454d984295a94213ab04"]
  parameters_wo         = { password = var.db_password }
  parameters_wo_version = 1
  store_output          = false
}
