select user_name from alicloud_ram_credential_report order by user_name offset 3;
