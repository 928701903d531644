select user_name, account_id from alicloud_ram_credential_report where access_key_1_last_rotated + interval '90 days' < current_date order by account_id, user_name;
