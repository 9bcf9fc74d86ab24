# The Cloud Assistant agent of a server: commands run only while it is
# online, which on a server just created or started takes a minute or so.
data "swas_cloud_assistant" "web" {
  instance_id       = "ace0706b2ac4454d984295a94213abcd"
  wait_until_online = true

  timeouts {
    read = "5m"
  }
}

output "agent" {
  value = "${data.swas_cloud_assistant.web.os_type} agent ${data.swas_cloud_assistant.web.version}, last heartbeat ${data.swas_cloud_assistant.web.last_heartbeat_time}"
}
