select count(*) from alicloud_ram_credential_report where user_creation_time > date '2025-01-01';
