select user_name, account_id, password_next_rotation from alicloud_ram_credential_report order by password_next_rotation, account_id, user_name;
