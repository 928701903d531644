select count(*) from alicloud_ram_credential_report where password_active is false or password_active is null;
