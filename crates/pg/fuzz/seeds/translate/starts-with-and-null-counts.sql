select starts_with(user_name, 'adm'), user_name ^@ 'a', num_nulls(user_last_logon, null), num_nonnulls(access_key_1_last_used, access_key_2_last_used) from alicloud_ram_credential_report
