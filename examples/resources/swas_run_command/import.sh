# A command run on a server, by <instance_id>:<invoke_id> in the provider's
# region, or by <region>:<instance_id>:<invoke_id>. Use terraform instead of
# tofu with Terraform.
tofu import swas_run_command.deploy ace0706b2ac4454d984295a94213abcd:t-bj02prjhw1nabcd
tofu import swas_run_command.deploy cn-hangzhou:ace0706b2ac4454d984295a94213abcd:t-bj02prjhw1nabcd
