# A run of a saved command, by its invoke id in the provider's region, or by
# <region>:<invoke_id>. With Terraform:
terraform import swas_command_invocation.imported t-hz02p9545t6abcd
# With OpenTofu:
tofu import swas_command_invocation.imported cn-hangzhou:t-hz02p9545t6abcd
