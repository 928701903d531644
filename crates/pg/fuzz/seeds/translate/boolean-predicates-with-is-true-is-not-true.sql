select user_name, account_id from alicloud_ram_credential_report where mfa_active is true and password_exist is not true;
