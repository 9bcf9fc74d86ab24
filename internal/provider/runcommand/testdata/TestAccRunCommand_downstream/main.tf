[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  command_content = "./setup.sh"
}

resource "terraform_data" "after_setup" {
  input = swas_run_command.test.output
}
