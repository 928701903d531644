select count(*) from alicloud_ram_credential_report where user_creation_time < current_date - interval '1 year 2 mons';
