select account_id, count(*) as users from alicloud_ram_credential_report group by account_id order by account_id;
