select user_name, account_id from alicloud_ram_credential_report where password_exist and user_last_logon is null order by account_id, user_name;
