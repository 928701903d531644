select count(*) from alicloud_ram_credential_report where account_id in ('1234567890123456') and user_creation_time between current_date - interval '2 years' and current_date;
