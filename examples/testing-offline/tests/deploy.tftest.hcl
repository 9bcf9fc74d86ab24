# The deploy script runs for real on the emulator's server (the fixture's
# runScripts), in a directory that stands for the server's file system.
variables {
  server_id = "ace0706b2ac4454d984295a942130001"
  release   = "2.3.1"
}

run "deploy" {
  assert {
    condition     = swas_run_command.deploy.exit_code == 0
    error_message = "The deploy script exited with ${swas_run_command.deploy.exit_code}."
  }

  assert {
    condition     = strcontains(swas_run_command.deploy.output, "deployed release 2.3.1")
    error_message = "The deploy script did not print the release it deployed."
  }
}
