select user_name as resource, case when mfa_active then 'ok' else 'alarm' end as status, account_id from alicloud_ram_credential_report where user_name = '<root>' order by account_id;
