[[template "provider.tf" .]]
