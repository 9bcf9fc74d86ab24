list "swas_command" "shell" {
  provider = swas
  config {
    type = "RunShellScript"
  }
}

list "swas_run_command" "runs" {
  provider = swas
  config {
    instance_id = "[[.Instance]]"
  }
}
