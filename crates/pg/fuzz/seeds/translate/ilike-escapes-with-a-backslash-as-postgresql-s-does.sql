select user_name from alicloud_ram_credential_report where user_name ilike 'ALICE\.SAMPLE' or user_name ilike 'bob\.dorm%' order by user_name;
