select user_name, account_id, user_creation_time::date as created, mfa_active::text as mfa, password_exist::int as has_password from alicloud_ram_credential_report order by account_id, user_name;
