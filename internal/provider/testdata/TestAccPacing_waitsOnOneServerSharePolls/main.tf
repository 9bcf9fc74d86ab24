[[template "provider.tf" .]]
resource "swas_run_command" "deploy" {
  count           = [[.Count]]
  instance_id     = "[[.Instance]]"
  name            = "deploy-${count.index}"
  command_content = "/srv/app/deploy.sh ${count.index}"
}
