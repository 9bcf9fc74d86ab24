[[template "provider.tf" .]]
action "swas_run_command" "migrate" {
  config {
    instance_ids     = ["[[.Instance]]"]
    enable_parameter = true
    parameters_wo    = { target = provider::swas::shell_quote("db; it's gone") }
    command_content  = <<-EOT
      echo "migrating to" {{target}}
      echo "error: disk full" >&2
      exit 3
    EOT
  }
}
