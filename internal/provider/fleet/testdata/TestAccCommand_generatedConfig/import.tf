[[template "provider.tf" .]]
import {
  to = swas_command.deploy
  id = "[[.CommandID]]"
}
