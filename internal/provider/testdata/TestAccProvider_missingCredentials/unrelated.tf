provider "swas" {
  endpoint = "[[.Endpoint]]"
  region   = "[[.Region]]"
}

resource "terraform_data" "unrelated" {}
