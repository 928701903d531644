select user_name from alicloud_ram_credential_report where not (access_key_1_active or access_key_2_active) and password_exist;
