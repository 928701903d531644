select count(*) from alicloud_ram_credential_report where password_active is not distinct from mfa_active;
