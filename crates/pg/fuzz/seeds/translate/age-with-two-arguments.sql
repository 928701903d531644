select user_name, account_id, age(user_last_logon, user_creation_time) from alicloud_ram_credential_report where user_last_logon is not null order by account_id, user_name;
