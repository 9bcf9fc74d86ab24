# The local SWAS emulator (go run ./cmd/swas-emulator) prints the endpoint
# and the key pair it accepts.
provider "swas" {
  endpoint   = "http://127.0.0.1:8080"
  region     = "cn-hangzhou"
  access_key = "EMULATORQUICKSTARTKEY"
  secret_key = "emulator-quickstart-secret"
}
