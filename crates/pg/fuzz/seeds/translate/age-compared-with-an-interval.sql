select user_name from alicloud_ram_credential_report where age(access_key_1_last_rotated) > interval '90 days';
