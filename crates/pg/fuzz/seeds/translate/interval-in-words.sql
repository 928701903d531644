select user_name from alicloud_ram_credential_report where user_last_logon > current_date - interval '30 days';
