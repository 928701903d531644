select count(*) from alicloud_ram_credential_report where user_creation_time >= current_date - 365;
