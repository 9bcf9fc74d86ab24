# A profile written by `aliyun configure --profile swas-reader`.
provider "swas" {
  region  = "cn-hangzhou"
  profile = "swas-reader"
}
