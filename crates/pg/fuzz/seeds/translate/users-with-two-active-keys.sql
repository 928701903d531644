select user_name, account_id from alicloud_ram_credential_report where access_key_1_active and access_key_2_active order by account_id, user_name;
