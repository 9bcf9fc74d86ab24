[[template "provider.tf" .]]
resource "swas_run_command" "test" {
  instance_id      = "[[.Instance]]"
  working_dir      = "/srv/app"
  enable_parameter = true
  parameters       = { version = "1.4.2" }
  command_content  = <<-EOT
    printf 'version=%s\n' '{{version}}' > release.txt
    cat release.txt
    echo "in $(pwd)"
  EOT
}
