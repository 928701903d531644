select count(*) from alicloud_ram_credential_report where access_key_1_active is distinct from access_key_2_active;
