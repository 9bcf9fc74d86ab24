# A saved command, by its id in the provider's region, or by
# <region>:<command_id>. With Terraform:
terraform import swas_command.deploy c-hz01272yr52abcd
# With OpenTofu:
tofu import swas_command.deploy cn-hangzhou:c-hz01272yr52abcd
