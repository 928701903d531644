select user_name, account_id, user_last_logon from alicloud_ram_credential_report order by user_last_logon nulls first, account_id, user_name;
