select user_name, account_id, age(password_last_changed) as password_age from alicloud_ram_credential_report where password_last_changed is not null order by password_age desc, account_id, user_name;
