provider "swas" {
  endpoint   = "[[.Endpoint]]"
  region     = "[[.Region]]"
  access_key = "[[.AccessKey]]"
  secret_key = "[[.SecretKey]]"
}
