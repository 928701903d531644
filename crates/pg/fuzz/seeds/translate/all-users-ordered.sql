select user_name, account_id from alicloud_ram_credential_report order by account_id, user_name;
