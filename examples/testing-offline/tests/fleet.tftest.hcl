# The health check runs on three servers. The fixture's invokeCommand has
# one of them fail with exit code 7, so the module must report it.
variables {
  server_id = "ace0706b2ac4454d984295a942130001"
  fleet_ids = [
    "ace0706b2ac4454d984295a942130011",
    "ace0706b2ac4454d984295a942130012",
    "ace0706b2ac4454d984295a942130013",
  ]
}

run "one_server_unhealthy" {
  assert {
    condition     = output.unhealthy == { "ace0706b2ac4454d984295a942130013" = 7 }
    error_message = "Expected only ace0706b2ac4454d984295a942130013 to fail, with exit code 7."
  }
}
