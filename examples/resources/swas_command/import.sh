# A saved command, by its id in the provider's region, or by
# <region>:<command_id>. Use terraform instead of tofu with Terraform.
tofu import swas_command.deploy c-hz01272yr52abcd
tofu import swas_command.deploy cn-hangzhou:c-hz01272yr52abcd
