# A command run before, e.g. from the console: the id is
# <instance_id>:<invoke_id>, or <region>:<instance_id>:<invoke_id>.
import {
  to = swas_run_command.deploy
  id = "ace0706b2ac4454d984295a94213abcd:t-bj02prjhw1ndeploy"
}
