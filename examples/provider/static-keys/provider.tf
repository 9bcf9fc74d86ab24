variable "access_key" {
  type = string
}

variable "secret_key" {
  type      = string
  sensitive = true
}

provider "swas" {
  region     = "cn-hangzhou"
  access_key = var.access_key
  secret_key = var.secret_key
}
