# On an ECS instance with a RAM role attached, from the instance metadata.
provider "swas" {
  region        = "cn-hangzhou"
  ecs_role_name = "swas-reader"
}
