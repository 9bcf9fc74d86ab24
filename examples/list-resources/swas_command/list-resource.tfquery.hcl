# terraform query lists the saved shell scripts; with
# -generate-config-out=generated.tf it writes the configuration that
# imports them.
list "swas_command" "shell" {
  provider = swas

  config {
    type = "RunShellScript"
  }
}
