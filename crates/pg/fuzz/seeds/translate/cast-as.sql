select cast(user_last_logon as date) as logon_day, count(*) from alicloud_ram_credential_report where user_last_logon is not null group by 1 order by 1;
