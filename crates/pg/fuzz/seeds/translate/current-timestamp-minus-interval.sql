select count(*) from alicloud_ram_credential_report where password_last_changed < current_timestamp - interval '90 days';
