# A command run on a server, by <instance_id>:<invoke_id> in the provider's
# region, or by <region>:<instance_id>:<invoke_id>. With Terraform:
terraform import swas_run_command.imported ace0706b2ac4454d984295a94213abcd:t-bj02prjhw1ndeploy
# With OpenTofu:
tofu import swas_run_command.imported cn-hangzhou:ace0706b2ac4454d984295a94213abcd:t-bj02prjhw1ndeploy
