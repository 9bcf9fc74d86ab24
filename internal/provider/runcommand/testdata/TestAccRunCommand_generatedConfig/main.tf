[[template "provider.tf" .]]
import {
  to = swas_run_command.deploy
  id = "[[.Instance]]:t-withparameters"
}

import {
  to = swas_run_command.plain
  id = "[[.Instance]]:t-plain"
}
