# The fixture limits every action to 2 requests a second for the access
# key, as Alibaba Cloud's flow control does. Ten smoke tests at once still
# all succeed: the provider paces its requests and retries the throttled
# ones.
variables {
  server_id   = "ace0706b2ac4454d984295a942130001"
  smoke_tests = 10
}

run "smoke_tests_under_a_rate_limit" {
  assert {
    condition     = length([for out in output.smoke_results : out if out == "1.0.0\n"]) == 10
    error_message = "Not every smoke test read the release deployed."
  }
}
