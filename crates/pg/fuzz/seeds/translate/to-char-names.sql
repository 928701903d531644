select to_char(user_creation_time, 'FMDay, FMDDth "of" FMMonth YYYY HH12:MI a.m.') as created, to_char(user_last_logon, 'IYYY-"W"IW Q RM') from alicloud_ram_credential_report
