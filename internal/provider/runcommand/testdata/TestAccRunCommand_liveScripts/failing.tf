[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id     = "[[.Instance]]"
  working_dir     = "/srv/app"
  command_content = <<-EOT
    echo "migrating to $(cat release.txt)"
    echo "error: disk full" >&2
    exit 3
  EOT
}
