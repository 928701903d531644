select count(*) from alicloud_ram_credential_report where user_name like '%SAMPLE%' or user_name like 'alice%';
