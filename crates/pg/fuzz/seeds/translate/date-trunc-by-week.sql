select date_trunc('week', user_creation_time) as week, count(*) from alicloud_ram_credential_report group by 1 order by 1;
