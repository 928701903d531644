select user_name, account_id, access_key_1_last_used from alicloud_ram_credential_report order by access_key_1_last_used desc nulls last, account_id, user_name limit 20 offset 5;
