select user_creation_time at time zone 'Asia/Shanghai', timezone('asia/tokyo', user_last_logon), (timestamp '2024-01-01 08:00' at time zone 'PRC')::text from alicloud_ram_credential_report
