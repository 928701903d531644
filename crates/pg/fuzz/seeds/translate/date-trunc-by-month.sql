select date_trunc('month', user_creation_time) as month, count(*) as created from alicloud_ram_credential_report group by 1 order by 1;
