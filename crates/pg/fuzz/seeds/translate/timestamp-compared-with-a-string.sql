select count(*) from alicloud_ram_credential_report where user_creation_time > '2025-06-01';
