select count(*) from alicloud_ram_credential_report where access_key_1_last_used < now() - interval '45 days';
