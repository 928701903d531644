select user_name, account_id, extract(day from current_date - user_creation_time) as days from alicloud_ram_credential_report order by account_id, user_name;
