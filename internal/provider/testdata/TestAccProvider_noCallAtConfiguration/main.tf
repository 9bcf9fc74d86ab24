[[template "provider.tf" .]]
resource "terraform_data" "unrelated" {}
