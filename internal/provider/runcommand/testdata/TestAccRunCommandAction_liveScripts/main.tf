[[template "provider.tf" .]]
action "swas_run_command" "release" {
  config {
    instance_ids = ["[[.Instance]]"]
    working_dir  = "/srv/app"
    command_content = <<-EOT
      echo "releasing [[.Release]]"
      sleep 2
      echo "[[.Release]]" >> releases.txt
      echo "releases so far: $(wc -l < releases.txt)"
    EOT
  }
}

resource "terraform_data" "server" {
  input = "[[.Release]]"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.swas_run_command.release]
    }
  }
}
