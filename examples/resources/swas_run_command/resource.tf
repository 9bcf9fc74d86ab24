variable "release" {
  type    = string
  default = "v1.4.2"
}

# Deploys the release on the server, waits for the script to finish and
# fails the apply unless it succeeded. A new release runs it again.
resource "swas_run_command" "deploy" {
  instance_id      = "ace0706b2ac4454d984295a94213abcd"
  name             = "deploy"
  command_content  = "/srv/app/deploy.sh {{release}}"
  enable_parameter = true
  parameters = {
    release = var.release
  }
  working_user = "deploy"
  timeout      = 600
}

# Runs only after the deployment succeeded, and again after every new
# deployment: its triggers change with the deployment's invoke_id.
resource "swas_run_command" "smoke_test" {
  instance_id     = swas_run_command.deploy.instance_id
  command_content = "curl -fsS http://127.0.0.1:8080/health"

  triggers = {
    deployment = swas_run_command.deploy.invoke_id
  }
}

output "deploy_output" {
  value     = swas_run_command.deploy.output
  sensitive = true
}
