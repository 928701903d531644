select user_name from alicloud_ram_credential_report where user_name = 'a''''b'
