select user_name, 'on'::boolean and mfa_active from alicloud_ram_credential_report where mfa_active = 't' and 'FALSE' = password_exist
