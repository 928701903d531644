select date_part('month', user_creation_time) as month, count(*) from alicloud_ram_credential_report group by 1 order by 1;
