select account_id, bool_and(mfa_active) as all_mfa, bool_or(access_key_2_active) as any_second_key from alicloud_ram_credential_report group by account_id order by account_id;
