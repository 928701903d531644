select user_name from alicloud_ram_credential_report where mfa_active = true and access_key_1_active = false;
