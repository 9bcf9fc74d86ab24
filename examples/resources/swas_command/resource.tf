# A deployment script saved once in the region, to run on any number of
# servers with swas_command_invocation. Renaming it, or changing its
# description, timeout or working directory, updates it in place.
resource "swas_command" "deploy" {
  name             = "deploy-app"
  description      = "Deploys a release of the app"
  command_content  = "/srv/app/deploy.sh {{release}}"
  enable_parameter = true
  timeout          = 600
  working_dir      = "/srv/app"
}

output "deploy_parameters" {
  # ["release"]
  value = swas_command.deploy.parameter_names
}
