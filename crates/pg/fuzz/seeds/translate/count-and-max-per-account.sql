select account_id, count(*), max(user_last_logon) as latest_logon, min(user_creation_time) as first_user from alicloud_ram_credential_report group by account_id order by account_id;
