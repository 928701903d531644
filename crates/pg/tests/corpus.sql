-- PostgreSQL queries over alicloud_ram_credential_report, as administrators write them.
-- Each runs in a real PostgreSQL and, translated, in credreport (tests/differential.rs).
-- A query that orders must order completely (ties broken), so both sides agree on the order.

-- name: all users, ordered
select user_name, account_id from alicloud_ram_credential_report order by account_id, user_name;

-- name: users per account
select account_id, count(*) as users from alicloud_ram_credential_report group by account_id order by account_id;

-- name: console users per account with filter
select account_id, count(*) filter (where password_exist) as console, count(*) filter (where password_exist and not mfa_active) as console_without_mfa from alicloud_ram_credential_report group by account_id order by account_id;

-- name: boolean predicates with is true / is not true
select user_name, account_id from alicloud_ram_credential_report where mfa_active is true and password_exist is not true;

-- name: boolean is false and is null
select count(*) from alicloud_ram_credential_report where password_active is false or password_active is null;

-- name: true and false literals
select user_name from alicloud_ram_credential_report where mfa_active = true and access_key_1_active = false;

-- name: or and not
select user_name from alicloud_ram_credential_report where not (access_key_1_active or access_key_2_active) and password_exist;

-- name: never logged on
select user_name, account_id from alicloud_ram_credential_report where password_exist and user_last_logon is null order by account_id, user_name;

-- name: logged on within 30 days, interval with unit
select user_name from alicloud_ram_credential_report where user_last_logon > current_date - interval '30' day;

-- name: interval in words
select user_name from alicloud_ram_credential_report where user_last_logon > current_date - interval '30 days';

-- name: interval of years and months
select count(*) from alicloud_ram_credential_report where user_creation_time < current_date - interval '1 year 2 mons';

-- name: now minus interval
select count(*) from alicloud_ram_credential_report where access_key_1_last_used < now() - interval '45 days';

-- name: current_timestamp minus interval
select count(*) from alicloud_ram_credential_report where password_last_changed < current_timestamp - interval '90 days';

-- name: timestamp plus interval
select user_name, account_id from alicloud_ram_credential_report where access_key_1_last_rotated + interval '90 days' < current_date order by account_id, user_name;

-- name: timestamps compared with a date
select count(*) from alicloud_ram_credential_report where user_creation_time >= current_date - 365;

-- name: timestamp compared with a date literal
select count(*) from alicloud_ram_credential_report where user_creation_time > date '2025-01-01';

-- name: timestamp compared with a string
select count(*) from alicloud_ram_credential_report where user_creation_time > '2025-06-01';

-- name: age of last logon
select user_name, account_id, age(user_last_logon) as since_logon from alicloud_ram_credential_report where user_last_logon is not null order by account_id, user_name;

-- name: age with two arguments
select user_name, account_id, age(user_last_logon, user_creation_time) from alicloud_ram_credential_report where user_last_logon is not null order by account_id, user_name;

-- name: age compared with an interval
select user_name from alicloud_ram_credential_report where age(access_key_1_last_rotated) > interval '90 days';

-- name: ordered by age
select user_name, account_id, age(password_last_changed) as password_age from alicloud_ram_credential_report where password_last_changed is not null order by password_age desc, account_id, user_name;

-- name: timestamp minus timestamp
select user_name, account_id, user_last_logon - user_creation_time as active_for from alicloud_ram_credential_report where user_last_logon is not null order by account_id, user_name;

-- name: extract day and epoch
select user_name, account_id, extract(epoch from user_creation_time) as created_epoch, extract(year from user_creation_time) as created_year, extract(day from user_creation_time) as created_day from alicloud_ram_credential_report order by account_id, user_name;

-- name: days since creation with extract from age
select user_name, account_id, extract(day from current_date - user_creation_time) as days from alicloud_ram_credential_report order by account_id, user_name;

-- name: date_part
select date_part('month', user_creation_time) as month, count(*) from alicloud_ram_credential_report group by 1 order by 1;

-- name: date_trunc by month
select date_trunc('month', user_creation_time) as month, count(*) as created from alicloud_ram_credential_report group by 1 order by 1;

-- name: date_trunc by week
select date_trunc('week', user_creation_time) as week, count(*) from alicloud_ram_credential_report group by 1 order by 1;

-- name: casts with double colons
select user_name, account_id, user_creation_time::date as created, mfa_active::text as mfa, password_exist::int as has_password from alicloud_ram_credential_report order by account_id, user_name;

-- name: cast as
select cast(user_last_logon as date) as logon_day, count(*) from alicloud_ram_credential_report where user_last_logon is not null group by 1 order by 1;

-- name: ilike
select user_name from alicloud_ram_credential_report where user_name ilike '%USER00001%';

-- name: like tells case apart
select count(*) from alicloud_ram_credential_report where user_name like '%SAMPLE%' or user_name like 'alice%';

-- name: string_agg per account
select account_id, string_agg(user_name, ', ' order by user_name) as users_without_mfa from alicloud_ram_credential_report where password_exist and not mfa_active group by account_id order by account_id;

-- name: bool_and and bool_or
select account_id, bool_and(mfa_active) as all_mfa, bool_or(access_key_2_active) as any_second_key from alicloud_ram_credential_report group by account_id order by account_id;

-- name: is distinct from
select count(*) from alicloud_ram_credential_report where access_key_1_active is distinct from access_key_2_active;

-- name: is not distinct from
select count(*) from alicloud_ram_credential_report where password_active is not distinct from mfa_active;

-- name: coalesce and nullif
select user_name, account_id, coalesce(user_last_logon::text, 'never') as last_logon, nullif(account_id, '1234567890123456') as other_account from alicloud_ram_credential_report order by account_id, user_name;

-- name: cis-style ok and alarm with case and concatenation
select user_name as resource, case when mfa_active then 'ok' else 'alarm' end as status, user_name || case when mfa_active then ' has MFA' else ' has no MFA' end as reason, account_id from alicloud_ram_credential_report where password_exist order by account_id, user_name;

-- name: keys per user
select user_name, account_id, (case when access_key_1_active then 1 else 0 end) + (case when access_key_2_active then 1 else 0 end) as active_keys from alicloud_ram_credential_report order by active_keys desc, account_id, user_name;

-- name: users with two active keys
select user_name, account_id from alicloud_ram_credential_report where access_key_1_active and access_key_2_active order by account_id, user_name;

-- name: age buckets of keys with a CTE
with keys as (select user_name, account_id, access_key_1_last_rotated as rotated from alicloud_ram_credential_report where access_key_1_active) select case when rotated > current_date - interval '30 days' then '0-30' when rotated > current_date - interval '90 days' then '31-90' when rotated > current_date - interval '365 days' then '91-365' else 'over 365' end as bucket, count(*) as keys from keys group by 1 order by 1;

-- name: logon buckets with a subquery
select bucket, count(*) from (select case when user_last_logon is null then 'never' when user_last_logon > current_date - interval '90 days' then 'recent' else 'stale' end as bucket from alicloud_ram_credential_report where password_exist) as b group by bucket order by bucket;

-- name: order by nulls first
select user_name, account_id, user_last_logon from alicloud_ram_credential_report order by user_last_logon nulls first, account_id, user_name;

-- name: order by desc nulls last with limit and offset
select user_name, account_id, access_key_1_last_used from alicloud_ram_credential_report order by access_key_1_last_used desc nulls last, account_id, user_name limit 20 offset 5;

-- name: default null order going up
select user_name, account_id, password_next_rotation from alicloud_ram_credential_report order by password_next_rotation, account_id, user_name;

-- name: in list and between
select count(*) from alicloud_ram_credential_report where account_id in ('1234567890123456') and user_creation_time between current_date - interval '2 years' and current_date;

-- name: exists subquery
select a.account_id, count(*) from alicloud_ram_credential_report a where exists (select 1 from alicloud_ram_credential_report b where b.account_id = a.account_id and b.user_name = '<root>' and b.mfa_active) group by a.account_id order by a.account_id;

-- name: root without mfa, cis 1.3
select user_name as resource, case when mfa_active then 'ok' else 'alarm' end as status, account_id from alicloud_ram_credential_report where user_name = '<root>' order by account_id;

-- name: count and max per account
select account_id, count(*), max(user_last_logon) as latest_logon, min(user_creation_time) as first_user from alicloud_ram_credential_report group by account_id order by account_id;

-- name: offset without limit (found by fuzzing)
select user_name from alicloud_ram_credential_report order by user_name offset 3;

-- name: ilike escapes with a backslash, as PostgreSQL's does
select user_name from alicloud_ram_credential_report where user_name ilike 'ALICE\.SAMPLE' or user_name ilike 'bob\.dorm%' order by user_name;

-- name: the name before the @, split_part
select split_part(user_name, '@', 1) as name, account_id from alicloud_ram_credential_report order by account_id, user_name;

-- name: the domain after the @, and a field past the last
select user_name, split_part(user_name, '@', 2) as domain, split_part(user_name, '@', 3) as none from alicloud_ram_credential_report order by user_name;

-- name: split_part counted from the end, and on a NULL
select user_name, split_part(user_name, '.', -1) as last, split_part(user_name, '.', -2) as before_last, split_part(null, '.', 1) as nothing from alicloud_ram_credential_report order by user_name;

-- name: users per domain, split_part in group by
select split_part(user_name, '@', 2) as domain, count(*) from alicloud_ram_credential_report group by 1 order by 1;

-- name: substr with a start and a count
select user_name, substr(user_name, 1, 5) as head, substr(user_name, 3) as tail, substr(user_name, 2, 2), substring(user_name, 2, 2) from alicloud_ram_credential_report order by user_name;

-- name: substr starting before the first character
select user_name, substr(user_name, 0, 3) as zero, substr(user_name, -2, 5) as negative from alicloud_ram_credential_report order by user_name;

-- name: substring from for, and for alone
select user_name, substring(user_name from 2 for 4) as middle, substring(user_name for 3) as first3, substring(user_name from 4) as rest from alicloud_ram_credential_report order by user_name;

-- name: position and strpos
select user_name, position('@' in user_name) as at, strpos(user_name, '.') as dot, strpos(user_name, 'zzz') as missing from alicloud_ram_credential_report order by user_name;

-- name: the part before the @ with substr and strpos
select substr(user_name, 1, strpos(user_name, '@') - 1) as name from alicloud_ram_credential_report where strpos(user_name, '@') > 0 order by 1;

-- name: lower, upper and ilike on letters beyond A-Z
with names as (select 'ÉCOLE.admin' as n union all select 'école.ops' union all select 'Zoë' union all select 'ZOË' union all select 'straße' union all select 'ÄRGER' union all select 'Σίσυφος') select n, lower(n) as lo, upper(n) as up, n ilike 'éc%' as ec, n ilike 'zoë' as zoe, n not ilike '%ß%' as no_sharp_s from names order by n;

-- name: ilike against a pattern built from the row
select user_name from alicloud_ram_credential_report where upper(user_name) ilike split_part(user_name, '.', 1) || '%' order by account_id, user_name;

-- name: like against a pattern built from the row tells case apart
select user_name from alicloud_ram_credential_report where user_name like split_part(user_name, '.', 1) || '%' and upper(user_name) not like split_part(user_name, '.', 1) || '%' order by account_id, user_name;

-- name: age between two columns, shown and compared
select user_name, age(user_last_logon, user_creation_time) as active_for from alicloud_ram_credential_report where age(user_last_logon, user_creation_time) > interval '30 days' order by age(user_last_logon, user_creation_time) desc, account_id, user_name;

-- name: parts of an age, and an age inside a larger expression
select user_name, extract(year from age(user_last_logon, user_creation_time)) as y, extract(month from age(user_last_logon, user_creation_time)) as m, date_part('day', age(user_last_logon, user_creation_time)) as d, 'active ' || age(user_last_logon, user_creation_time) as said from alicloud_ram_credential_report where user_last_logon is not null order by account_id, user_name;

-- name: the time between two timestamps as an interval, both ways
select user_name, (user_last_logon - user_creation_time)::text as since, (user_creation_time - user_last_logon)::text as back from alicloud_ram_credential_report where user_last_logon is not null order by account_id, user_name;

-- name: an interval with parts of both signs, shown
select interval '2 mons' - interval '3 days' + interval '4 hours' as mixed, interval '-1 mon' - interval '1 minute' as back, interval '30 hours' as long;

-- name: floor, ceil and round as PostgreSQL's numeric
select floor(-2.5) as f, ceil(-2.5) as c, ceiling(1.2) as cg, round(2.5) as r, round(-2.5) as rn, round(2.345, 2) as r2, floor(7) as whole, floor(null::integer) as nothing;

-- name: days between creation and last logon, floored
select user_name, floor(extract(epoch from user_last_logon - user_creation_time) / 86400) as days, ceil(extract(epoch from user_last_logon - user_creation_time) / 3600) as hours from alicloud_ram_credential_report where user_last_logon is not null order by account_id, user_name;

-- name: left and right, from either end
select user_name, left(user_name, 5) as head, right(user_name, 3) as tail, left(user_name, -20) as all_but_20, right(user_name, -30) as after_30 from alicloud_ram_credential_report order by account_id, user_name;

-- name: replace the domain
select replace(user_name, '.onaliyun.com', '') as short from alicloud_ram_credential_report order by 1;

-- name: greatest and least pass over NULLs
select user_name, greatest(user_last_logon, password_last_changed, access_key_1_last_used) as latest, least(user_creation_time, user_last_logon, access_key_1_last_rotated) as earliest from alicloud_ram_credential_report order by account_id, user_name;

-- name: greatest and least on numbers and all NULLs
select greatest(1, null, 3) as g, least(null, 2, 5) as l, greatest(null::integer, null) as none;

-- name: greatest with a date written as text
select user_name, greatest(user_creation_time, '2000-01-01') as later from alicloud_ram_credential_report order by account_id, user_name;

-- name: to_char of timestamps in the common patterns
select user_name, to_char(user_creation_time, 'YYYY-MM-DD') as day, to_char(user_last_logon, 'YYYY/MM HH24:MI:SS') as at, to_char(user_creation_time, 'YYYY-DDD') as ordinal from alicloud_ram_credential_report order by account_id, user_name;

-- name: users created per month, to_char in group by
select to_char(user_creation_time, 'YYYY-MM') as month, count(*) from alicloud_ram_credential_report group by 1 order by 1;

-- name: to_char with month and day names, FM and ordinals, 12-hour clock
select user_name, to_char(user_creation_time, 'FMDay, FMDDth "of" FMMonth YYYY') as created, to_char(user_last_logon, 'Dy DD Mon YYYY HH12:MI:SS AM') as logon, to_char(password_last_changed, 'fmdd/fmmm/yy hh:mi p.m.') as changed from alicloud_ram_credential_report order by account_id, user_name;

-- name: to_char names padded, in each case, and Roman months
select user_name, '[' || to_char(user_creation_time, 'MONTH|Month|month|DAY|Day|day|DY|dy|MON|mon|RM|rm|FMRM|TMMonth') || ']' as names from alicloud_ram_credential_report order by account_id, user_name;

-- name: to_char ISO weeks, quarters, weeks, centuries, Julian days and seconds
select user_name, to_char(user_creation_time, 'IYYY-"W"IW-ID IDDD|YYYY "Q"Q|WW W|CC|J|Y,YYY YYY YY Y|IYY IY I|D|DDDth|SSSS SSSSS|MS US|HH24th HHth hh12|a.m. A.D. bc') as parts from alicloud_ram_credential_report order by account_id, user_name;

-- name: users created per quarter, to_char in group by
select to_char(user_creation_time, 'YYYY "Q"Q') as quarter, count(*) from alicloud_ram_credential_report group by 1 order by 1;

-- name: to_char of a date, a truncated timestamp, text other than ASCII
select user_name, to_char(user_creation_time::date, 'FMMonth FMDDth') as d, to_char(date_trunc('month', user_last_logon), 'Mon YYYY') as m, to_char(user_creation_time, 'YYYY年MM月DD日') as cjk, to_char(user_creation_time, 'YYYY"-"MM" 100%"') as pct from alicloud_ram_credential_report order by account_id, user_name;

-- name: trim as a function
select trim(' ' || user_name || ' ') = user_name as same, btrim('xxaxx', 'x') as b from alicloud_ram_credential_report order by account_id, user_name;

-- name: ordering and grouping by a constant interval (a folded key read as a column position)
select user_name, interval '90 days' as grace from alicloud_ram_credential_report order by grace, account_id, user_name;

-- name: grouping by a constant interval
select interval '1 day' as d, count(*) from alicloud_ram_credential_report group by interval '1 day';

-- name: ordering by a part of a constant interval
select user_name, extract(day from interval '3 days') as d from alicloud_ram_credential_report order by extract(day from interval '3 days'), account_id, user_name;

-- name: a timestamp compared with a date written in parentheses
select timestamp '2024-01-01 00:00:00' = ('2024-01-01') as same, least(timestamp '2024-01-01 00:00:00', ('2024-01-01')) as first;

-- name: row numbers by last logon, never-logged-on users last as PostgreSQL orders NULLs
select user_name, row_number() over (order by user_last_logon, account_id, user_name) as n from alicloud_ram_credential_report order by n;

-- name: newest users first in each account, ranked
select account_id, user_name, rank() over (partition by account_id order by user_creation_time desc) as r, dense_rank() over (order by mfa_active) as by_mfa from alicloud_ram_credential_report order by account_id, r, user_name;

-- name: each user's previous user's last logon, and the days between
select user_name, lag(user_last_logon) over (order by account_id, user_name) as previous, lag(user_last_logon, 1, '2000-01-01') over (order by account_id, user_name) as previous_or_2000, extract(day from user_last_logon - lag(user_last_logon, 1) over (order by account_id, user_name)) as days, lead(user_name, 2, 'none') over (order by account_id, user_name) as after_next from alicloud_ram_credential_report order by account_id, user_name;

-- name: running count, and users with MFA in each account
select user_name, count(*) over (order by account_id, user_name rows between unbounded preceding and current row) as running, sum(case when mfa_active then 1 else 0 end) over (partition by account_id) as with_mfa, count(*) over () as everyone from alicloud_ram_credential_report order by account_id, user_name;

-- name: quartiles and percent rank of user age
select user_name, ntile(4) over (order by user_creation_time, account_id, user_name) as quartile, round(percent_rank() over (order by user_creation_time, account_id, user_name)::numeric, 4) as pr, round(cume_dist() over (order by mfa_active)::numeric, 4) as cd from alicloud_ram_credential_report order by account_id, user_name;

-- name: the latest logon in each account, and a window over two rows
select user_name, first_value(user_name) over (partition by account_id order by user_last_logon desc, user_name) as latest, last_value(user_name) over (partition by account_id order by user_name rows between current row and 1 following) as next_or_self, nth_value(user_name, 2) over (order by account_id, user_name rows between unbounded preceding and unbounded following) as second from alicloud_ram_credential_report order by account_id, user_name;

-- name: window functions beside PostgreSQL's intervals and aggregates
select user_name, now() - lag(user_creation_time) over (order by user_creation_time, account_id, user_name) > interval '1 day' as gap, bool_or(mfa_active) over (partition by account_id) as any_mfa, string_agg(user_name, ',') over (partition by account_id, mfa_active) is not null as listed from alicloud_ram_credential_report order by account_id, user_name;

-- name: trim, position and substring in PostgreSQL's own forms, named as PostgreSQL names them
select trim(both 'x' from 'xxaxx'), trim(leading from '  a '), trim(trailing '.' from user_name || '..'), trim(from ' b '), position('@' in user_name), substring(user_name from 1 for 3) from alicloud_ram_credential_report order by account_id, user_name;

-- name: ceil and floor named as PostgreSQL names them
select ceil(2.5), floor(-2.5);

-- name: fetch first rows only, after an offset of rows
select user_name from alicloud_ram_credential_report order by account_id, user_name offset 2 rows fetch first 3 rows only;

-- name: fetch next row only
select user_name from alicloud_ram_credential_report order by account_id, user_name fetch next row only;

-- name: equal to any of an array, unequal to all of a subquery
select user_name from alicloud_ram_credential_report where split_part(user_name, '@', 1) = any(array['alice.sample', 'bob.dormant', 'nobody']) and account_id <> all (select account_id from alicloud_ram_credential_report where user_name = 'nobody') order by account_id, user_name;

-- name: any and all with NULLs, as IN and NOT IN answer them
select null::text = any(array['a']) as n, 'a' <> all(array['b', null]) as m, 'a' = any(array['a', null]) as y, 'a' <> all(array['b', 'c']) as a;

-- name: concat_ws passes over NULLs, octet_length counts bytes
select concat_ws(' / ', user_name, null, account_id), octet_length(user_name) from alicloud_ram_credential_report order by account_id, user_name;

-- name: units in their plurals and abbreviations, as PostgreSQL reads them
select extract(days from interval '3 days 4 hours') as d, extract(hours from interval '3 days 4 hours') as h, date_part('mins', timestamp '2024-01-01 10:20:30') as m, date_trunc('months', timestamp '2024-05-17 10:00:00') as t, extract(yrs from timestamp '2024-05-17 10:00:00') as y, date_trunc('d', timestamp '2024-05-17 10:00:00') as day;

-- name: days since creation, extracted in the plural
select user_name, extract(days from user_last_logon - user_creation_time) as days, date_part('hours', user_creation_time) as hour from alicloud_ram_credential_report order by account_id, user_name;

-- name: a timestamp without time zone is text without +00, one with time zone with it (bracketed, so the cells are compared as written)
select '[' || (timestamp '2024-01-01 10:00')::text || ']' as naive, '[' || (timestamptz '2024-01-01 10:00')::text || ']' as zoned, '[' || (user_creation_time::timestamp)::text || ']' as cast_naive, '[' || (user_creation_time + interval '1 day')::text || ']' as shifted, '[' || (date '2024-01-01' + interval '1 day')::text || ']' as from_date, '[' || (timestamp '2024-01-01 10:00' - interval '1 hour')::text || ']' as naive_shifted from alicloud_ram_credential_report order by account_id, user_name;

-- name: truncated and concatenated timestamps, with and without time zone
select '[' || date_trunc('day', user_creation_time)::text || ']' as zoned, '[' || date_trunc('day', timestamp '2024-01-01 10:00')::text || ']' as naive, '[' || date_trunc('month', date '2024-05-17')::text || ']' as from_date, 'at ' || timestamp '2024-01-01 10:00' as said, 'at ' || user_creation_time as said_zoned from alicloud_ram_credential_report order by account_id, user_name;

-- name: at time zone 'UTC' keeps the moment and turns a timestamp's time zone on or off
select '[' || (user_creation_time at time zone 'UTC')::text || ']' as naive, '[' || timezone('UTC', user_creation_time)::text || ']' as called, '[' || (timestamp '2024-01-01 10:00' at time zone 'utc')::text || ']' as zoned, user_creation_time at time zone 'Etc/UTC' = user_creation_time::timestamp as same from alicloud_ram_credential_report order by account_id, user_name;

-- name: random() is a fraction from 0 up to 1, and localtimestamp is without time zone
select count(*) as users, count(*) filter (where random() >= 0 and random() < 1) as within, '[' || date_trunc('year', localtimestamp)::text || ']' as this_year, '[' || date_trunc('year', current_timestamp)::text || ']' as this_year_zoned from alicloud_ram_credential_report;

-- name: like any and ilike any of an array of patterns, and not like any
select user_name, user_name like any (array['alice%', '%dormant%']) as named, user_name ilike any (array['%ALICE%', null]) as folded, user_name not like any (array['%@%', '<%']) as either from alicloud_ram_credential_report where user_name ilike any (array['%a%', '%e%']) order by account_id, user_name;

-- name: string_agg of distinct values, joined by commas
select account_id, string_agg(distinct split_part(user_name, '.', 1), ',' order by split_part(user_name, '.', 1)) as names, string_agg(distinct account_id, ',') as accounts from alicloud_ram_credential_report group by account_id order by account_id;

-- name: LIKE spelled ~~, and types called as functions
select user_name, date(user_last_logon) as d, text(mfa_active) as mfa, text(user_creation_time) as created, int8(date_part('day', user_creation_time) / 2.0) as half from alicloud_ram_credential_report where user_name ~~ '%a%' and user_name !~~* '%ROOT%' and (user_name ~~* 'A%' or user_name !~~ 'b%') order by account_id, user_name;

-- name: a double precision rounded half to even, by round() and by a cast
select user_name, round(date_part('day', user_creation_time) / 2.0) as r, (date_part('day', user_creation_time) / 2.0)::int as i, round(date_part('day', user_creation_time)::numeric / 2) as n, round(-date_part('day', user_creation_time) / 2.0) as neg from alicloud_ram_credential_report order by account_id, user_name;

-- name: format with values of each kind, NULLs, positions and a percent sign
select format('%s has MFA: %s, last logon %s (%s ago); created %s; 100%%', user_name, mfa_active, user_last_logon, age(user_last_logon, user_creation_time), user_creation_time::date) as said, format('%2$s@%1$s %s', account_id, split_part(user_name, '@', 1)) as swapped, format('no values') as plain from alicloud_ram_credential_report order by account_id, user_name;

-- name: concat and concat_ws write booleans, timestamps and intervals as PostgreSQL writes them out
select concat(user_name, ' mfa=', mfa_active, ' since ', user_creation_time) as c, concat_ws(' | ', password_exist, access_key_1_active, user_last_logon, age(user_last_logon, user_creation_time)) as w, 'mfa: ' || mfa_active as piped from alicloud_ram_credential_report order by account_id, user_name;

-- name: order by … using < and >, in a query and in an aggregate
select account_id, string_agg(split_part(user_name, '@', 1), ',' order by user_last_logon using >, user_name) as latest_first, string_agg(split_part(user_name, '@', 1), ',' order by user_last_logon, user_name) as earliest_first from alicloud_ram_credential_report group by account_id order by account_id using >;

-- name: string_agg ordered by a column with NULLs puts them where PostgreSQL does
select account_id, string_agg(split_part(user_name, '@', 1), ',' order by user_last_logon, user_name) as up, string_agg(split_part(user_name, '@', 1), ',' order by access_key_1_last_used desc, user_name) as down from alicloud_ram_credential_report group by account_id order by account_id;

-- name: extract the ISO week and year, decade, century and millennium
select user_name, extract(week from user_creation_time) as week, extract(isoyear from user_creation_time) as isoyear, date_part('week', user_last_logon) as logon_week, extract(decade from user_creation_time) as decade, extract(century from user_creation_time) as century, extract(millennium from user_creation_time) as millennium, date_part('centuries', date '2000-12-31') as c2000 from alicloud_ram_credential_report order by account_id, user_name;

-- name: users created per ISO week
select extract(isoyear from user_creation_time) as y, extract(week from user_creation_time) as w, count(*) from alicloud_ram_credential_report group by 1, 2 order by 1, 2;

-- name: justify_days, justify_hours and justify_interval, shown, compared, sorted and taken apart
select user_name, justify_days(current_date - user_creation_time) as created_ago, justify_hours(user_last_logon - user_creation_time) as between, justify_interval(user_creation_time - current_date + interval '400 hours') as ahead, extract(month from justify_days(current_date - user_creation_time)) as months, justify_days(current_date - user_creation_time) > interval '3 mons' as old from alicloud_ram_credential_report order by justify_interval(current_date - user_creation_time) desc, account_id, user_name;

-- name: percentile_cont, percentile_disc and mode within group, per account, with a filter
select account_id, percentile_cont(0.5) within group (order by extract(epoch from current_date - password_last_changed) / 86400) as median_password_days, percentile_cont(0.9) within group (order by date_part('day', user_creation_time) desc) as p90_day_desc, percentile_disc(0.5) within group (order by user_last_logon) as median_logon, percentile_disc(0.25) within group (order by user_name desc) as name_q, mode() within group (order by split_part(user_name, '.', 1)) as common_prefix, mode() within group (order by password_exist desc) filter (where mfa_active) as common_password_exist from alicloud_ram_credential_report group by account_id order by account_id;

-- name: percentile over the whole table, of a group with nothing in it, and with a NULL fraction
select percentile_cont(0.25) within group (order by date_part('hour', user_last_logon)) as q1, percentile_disc(1) within group (order by access_key_1_last_used) as last_use, mode() within group (order by date_part('dow', user_creation_time)) as common_dow, percentile_cont(0.5) within group (order by date_part('day', user_creation_time)) filter (where false) as none, percentile_disc(null::float8) within group (order by user_name) as null_fraction from alicloud_ram_credential_report;

-- name: at time zone in zones without summer time, both ways, and timezone()
select user_name, '[' || (user_creation_time at time zone 'Asia/Shanghai')::text || ']' as shanghai, (user_last_logon at time zone 'asia/kolkata')::date as kolkata_day, timezone('Asia/Tokyo', user_creation_time) as tokyo, '[' || (timestamp '2024-12-31 23:30:00' at time zone 'Asia/Singapore')::text || ']' as from_singapore, to_char(user_creation_time at time zone 'PRC', 'YYYY-MM-DD HH24:MI') as prc, extract(hour from user_creation_time at time zone 'Asia/Riyadh') as riyadh_hour from alicloud_ram_credential_report order by account_id, user_name;

-- name: logons per local day in Shanghai
select (user_last_logon at time zone 'Asia/Shanghai')::date as day, count(*) from alicloud_ram_credential_report where user_last_logon is not null group by 1 order by 1;

-- name: at time zone names its column timezone
select user_name, user_creation_time at time zone 'UTC', (user_last_logon at time zone 'Asia/Tokyo')::text from alicloud_ram_credential_report order by account_id, user_name;

-- name: sweep: having, coalesce of timestamps, case of texts and dates
select account_id, count(*) as n, max(coalesce(user_last_logon, user_creation_time)) as latest, min(case when mfa_active then user_creation_time end)::date as first_mfa_day from alicloud_ram_credential_report group by account_id having count(*) > 1 order by account_id;

-- name: sweep: days since last activity, the greatest of four columns
select user_name, current_date - greatest(user_last_logon, access_key_1_last_used, access_key_2_last_used, user_creation_time)::date as idle_days from alicloud_ram_credential_report order by idle_days desc nulls last, account_id, user_name;

-- name: sweep: intervals summed and averaged per account
select account_id, sum(extract(epoch from current_date - user_creation_time)) / 86400 as total_days, avg(current_date - user_creation_time::date) as avg_days from alicloud_ram_credential_report group by account_id order by account_id;

-- name: sweep: union of two lists with a text label, ordered by the label
select 'no mfa' as issue, user_name from alicloud_ram_credential_report where password_exist and not mfa_active union all select 'old key', user_name from alicloud_ram_credential_report where access_key_1_active and access_key_1_last_rotated < current_date - interval '90 days' order by 1, 2;

-- name: sweep: is distinct from on timestamps and booleans
select user_name, access_key_1_last_used is distinct from access_key_2_last_used as differ, mfa_active is not distinct from password_active as same from alicloud_ram_credential_report order by account_id, user_name;

-- name: sweep: a scalar subquery, a percentage and a boolean in text
select user_name, (select count(*) from alicloud_ram_credential_report b where b.account_id = a.account_id and b.mfa_active) * 100 / count(*) over (partition by account_id) as pct, mfa_active::text || '/' || password_exist::text as flags from alicloud_ram_credential_report a order by account_id, user_name;

-- name: sweep: date_trunc by month, counted, with the month as text
select to_char(date_trunc('month', user_creation_time), 'YYYY-MM') as month, count(*) filter (where mfa_active) as with_mfa, count(*) as all_users, round(100.0 * count(*) filter (where mfa_active) / count(*), 1) as pct from alicloud_ram_credential_report group by 1 order by 1;

-- name: sweep: age buckets with case over intervals
select case when age(user_last_logon) < interval '30 days' then 'recent' when age(user_last_logon) < interval '90 days' then 'stale' when user_last_logon is null then 'never' else 'dormant' end as bucket, count(*) from alicloud_ram_credential_report group by 1 order by 1;

-- name: sweep: rank of users by creation per account, first three
select * from (select account_id, user_name, rank() over (partition by account_id order by user_creation_time desc, user_name) as r from alicloud_ram_credential_report) ranked where r <= 3 order by account_id, r;

-- name: sweep: lengths, positions and substrings of names
select user_name, length(split_part(user_name, '@', 1)) as local_len, position('.' in user_name) as dot, substring(user_name from 1 for 4) as head, upper(left(user_name, 1)) || lower(substr(user_name, 2, 3)) as cap from alicloud_ram_credential_report order by account_id, user_name;

-- name: sweep: booleans compared with text literals
select user_name, 'on'::boolean and mfa_active as on_mfa, ' FALSE '::bool as f from alicloud_ram_credential_report where mfa_active = 't' and password_exist = 'TRUE' and access_key_1_active <> 'ye' and 'of' <> password_active order by account_id, user_name;

-- name: sweep: limit all, interval times a number, now()::date
select user_name, user_creation_time + 2 * interval '45 days' as due, now()::date - user_creation_time::date as days from alicloud_ram_credential_report order by account_id, user_name limit all;

-- name: sweep: in a subquery with NULLs, and not in
select user_name from alicloud_ram_credential_report where user_last_logon not in (select access_key_1_last_used from alicloud_ram_credential_report where access_key_1_last_used is not null) order by account_id, user_name;

-- name: sweep: boolean aggregates and boolean in case
select account_id, bool_and(mfa_active) as all_mfa, bool_or(password_exist and not mfa_active) as any_gap, every(access_key_1_active is not true) as no_active_key1 from alicloud_ram_credential_report group by account_id order by account_id;

-- name: sweep: casts to text of dates, timestamps and sums of them
select user_name, '[' || user_creation_time::date::text || ']' as d, '[' || (user_creation_time::date + 1)::text || ']' as d1, '[' || (user_creation_time::date + interval '1 day')::text || ']' as ts, coalesce(user_last_logon::text, 'never') as logon from alicloud_ram_credential_report order by account_id, user_name;

-- name: sweep: counts of columns, averages of booleans as numbers, NULL text joined
select account_id, count(user_last_logon) as logged, avg(mfa_active::int) as mfa_share, sum(password_exist::int) as passwords, min(user_name) as first_name, max(user_name || null) as nothing from alicloud_ram_credential_report group by account_id order by account_id;

-- name: sweep: nullif and coalesce with empty text, text comparisons
select user_name, nullif(split_part(user_name, '.', 2), '') as second_part, user_name > 'm' as after_m, user_name between 'a' and 'c' as a_to_c from alicloud_ram_credential_report order by account_id, user_name;

-- name: sweep: epochs as integers and differences in hours
select user_name, extract(epoch from user_creation_time)::bigint as created_epoch, (extract(epoch from user_last_logon - user_creation_time) / 3600)::int as hours_to_first_logon from alicloud_ram_credential_report order by account_id, user_name;

-- name: starts_with, ^@, num_nulls and num_nonnulls
select user_name, starts_with(user_name, 'user0000') as early, user_name ^@ split_part(user_name, '.', 1) as own, starts_with(user_name, '') as empty, num_nonnulls(access_key_1_last_used, access_key_2_last_used) as keys_used, num_nulls(user_last_logon, password_last_changed, null) as missing from alicloud_ram_credential_report where starts_with(user_name, null) is null order by account_id, user_name;

-- name: sweep: logons per Shanghai week day, named
select to_char(user_last_logon at time zone 'Asia/Shanghai', 'ID Dy') as day, count(*) from alicloud_ram_credential_report where user_last_logon is not null group by 1 order by 1;

-- name: sweep: the median and slowest tenth of key rotation, in days, per account
select account_id, percentile_cont(0.5) within group (order by extract(epoch from current_date - access_key_1_last_rotated) / 86400) as median_days, percentile_disc(0.9) within group (order by current_date - access_key_1_last_rotated::date) as p90_days from alicloud_ram_credential_report where access_key_1_exist group by account_id order by account_id;

-- name: sweep: a line per user, formatted
select format('%s: created %s, last logon %s, MFA %s', split_part(user_name, '@', 1), to_char(user_creation_time, 'FMDD Mon YYYY'), coalesce(to_char(user_last_logon, 'YYYY-MM-DD'), 'never'), case when mfa_active then 'on' else 'off' end) as line from alicloud_ram_credential_report order by account_id, user_name;

-- name: sweep: oldest passwords first, justified age shown
select user_name, justify_interval(current_date - password_last_changed) as password_age from alicloud_ram_credential_report where password_exist order by current_date - password_last_changed desc, account_id, user_name limit 20;

-- name: regression: a day count joined into a compliance reason's text (SQLite binds || tighter than /)
select 'acs:ram::' || account_id || ':user/' || user_name as resource, case when access_key_1_last_rotated < current_date - interval '90' day then 'alarm' else 'ok' end as status, user_name || ' access key 1 rotated ' || date_part('day', current_date - access_key_1_last_rotated) || ' days ago.' as reason from alicloud_ram_credential_report where access_key_1_exist order by account_id, user_name;

-- name: sweep: numbers of each kind written as text
select user_name, extract(day from current_date - user_creation_time)::text as e, date_part('day', current_date - user_creation_time)::text as d, (date_part('hour', user_creation_time) / 2)::text as half, 'n=' || count(*) over () as n from alicloud_ram_credential_report order by account_id, user_name;

-- name: ~~ in parentheses beside =, and beside || and AND as sqlparser and PostgreSQL both read them
select user_name, mfa_active = (user_name ~~ '%a%') as same, 'x' || user_name ~~ '%a%' as joined, mfa_active and user_name ~~ '%a%' as both from alicloud_ram_credential_report order by account_id, user_name;

-- name: regression: arithmetic beside || (PostgreSQL binds || looser, SQLite tighter)
select user_name, 'n=' || 1 + 2 as a, 1 + 2 || 'x' as b, 'days: ' || extract(day from current_date - user_creation_time) * 1 || '!' as c, extract(hour from user_creation_time)::int % 5 || '' as d from alicloud_ram_credential_report order by account_id, user_name;

-- name: regression: IN and BETWEEN beside = (PostgreSQL binds them tighter, SQLite as tight)
select user_name, mfa_active = split_part(user_name, '.', 1) in ('alice', 'bob') as a, password_exist <> user_creation_time between date '2024-01-01' and date '2025-01-01' as b from alicloud_ram_credential_report order by account_id, user_name;

-- name: regression: times written as text in the forms PostgreSQL reads (SQLite read them as NULL and matched nothing)
select count(*) filter (where user_creation_time > '2025-1-5') as unpadded, count(*) filter (where user_creation_time > '2025-01-01 00:00:00+08') as offset, count(*) filter (where user_creation_time >= timestamptz '2025-01-05T10:00Z') as iso, count(*) filter (where user_creation_time::timestamp > '2025-01-01 00:00:00+08') as zone_ignored, count(*) filter (where user_creation_time between '2024-1-1' and 'today') as until_today, count(*) filter (where user_creation_time::date = '2025-1-4') as on_day, count(*) filter (where user_last_logon > 'yesterday') as since_yesterday, count(*) filter (where user_creation_time in ('2025-1-4 11:42:50+00')) as listed from alicloud_ram_credential_report;

-- name: dates and timestamps from text in casts, typed literals and greatest
select user_name, greatest(user_last_logon, '2025-1-1') as g, age(user_creation_time, '2024-1-1') as since_2024, age('2030-01-01 08:00+08', user_creation_time) as until_2030, date '2025-1-5 10:00' as d, '2025-1-5'::date as c, '2025-01-05 08:00+08'::timestamptz as z, timestamp '2025-01-05 08:00+08' as naive from alicloud_ram_credential_report order by account_id, user_name;

-- name: a text bar chart of users by creation month, padded
select to_char(user_creation_time, 'YYYY-MM') as month, lpad(count(*)::text, 4) as n, repeat('#', count(*)::int) as bar, rpad(repeat('=', (count(*) / 2)::int), 10, '.') as half from alicloud_ram_credential_report group by 1 order by 1;

-- name: names padded, capitalised, reversed and translated
select account_id, rpad(split_part(user_name, '@', 1), 24, '.') as name, lpad(split_part(user_name, '@', 1), 8) as cut, lpad(split_part(user_name, '@', 1), 30, '*-') as starred, initcap(replace(split_part(user_name, '@', 1), '.', ' ')) as title, initcap(user_name) as whole, reverse(split_part(user_name, '@', 1)) as back, translate(user_name, '.@', '_') as slug, rpad(user_name, 0) as none, repeat(split_part(user_name, '.', 1), 2) as twice from alicloud_ram_credential_report order by account_id, user_name;

-- name: math functions over the report's numbers
select user_name, sqrt(date_part('day', user_creation_time)) as s, sqrt(extract(day from user_creation_time)) as sn, power(2, date_part('month', user_creation_time)) as p, pow(date_part('day', user_creation_time), 0.5) as root, ln(date_part('day', user_creation_time)) as l, log(date_part('day', user_creation_time)) as l10, log10(date_part('day', user_creation_time)) as l10b, log(2, extract(month from user_creation_time)) as l2, exp(date_part('hour', user_creation_time) / 10) as e, sign(date_part('day', user_creation_time) - 15) as sg, degrees(atan2(date_part('day', user_creation_time), 10)) as deg, round(sin(radians(date_part('day', user_creation_time) * 12))::numeric, 6) as sine, round((cos(pi() / date_part('month', user_creation_time)) + tan(0.5) + asin(0.5) + acos(0.5) + atan(1))::numeric, 9) as trig, sqrt(date_part('day', user_creation_time))::int as rounded from alicloud_ram_credential_report order by account_id, user_name;

-- name: trunc and mod as PostgreSQL's
select user_name, trunc((date_part('day', user_creation_time) / 7.0)::numeric, 2) as t2, trunc(extract(day from user_creation_time) / 7.0, 2) as t2n, trunc(-date_part('day', user_creation_time) / 7.0 - 1) as t, trunc(extract(epoch from user_creation_time) / 3600.0, -2) as hundreds, trunc(-extract(day from user_creation_time) / 70.0, 1) as minus_zero, round(-extract(day from user_creation_time) / 1000000.0, 3) as rounded_minus_zero, trunc(date_part('day', user_creation_time)) as whole, trunc(extract(day from user_creation_time), 1) as numeric_day, mod(date_part('day', user_creation_time)::int, 7) as m, mod(-date_part('day', user_creation_time)::int, 7) as negative, mod(date_part('month', user_creation_time)::int + 7, -4) as by_negative from alicloud_ram_credential_report order by account_id, user_name;

-- name: regression: a cast's column is named after its type when its value names none
select 1::int, 1::bigint, 2::smallint, '2'::integer, 'a'::text, 'a'::varchar, 2.5::numeric, 2.5::decimal, 2.5::float, 2.5::double precision, 2.5::real, 'yes'::boolean, '2025-01-01'::date, date '2025-01-01', timestamp '2025-01-01', timestamptz '2025-01-01', '2025-01-01'::timestamp with time zone, cast(null as text), (1 + 2)::int, int8(3), mfa_active::int, (user_name)::text, (case when mfa_active then 1 else 0 end)::int, case when mfa_active then 1 end, (interval '1 day')::text, (select max(user_name) from alicloud_ram_credential_report)::text, (select min(user_name) as first from alicloud_ram_credential_report), (select 1 + 1), current_date - 1 from alicloud_ram_credential_report where user_name = '<root>' order by account_id;

-- name: make_interval by name and by place, from the data too
select user_name, make_interval(days => 90) as d, make_interval(0, 1, 0, 0, 12) as m, make_interval(weeks => date_part('day', user_creation_time)::int, mins => -5) as w, user_creation_time + make_interval(months => 1, days := 2) as later, user_last_logon > now() - make_interval(days => 30) as recent, make_interval(days => null) as nothing, make_interval() as zero, make_interval(years => 1) > interval '360 days' as longer, age(user_creation_time) < make_interval(years => 1) as young from alicloud_ram_credential_report order by account_id, user_name;

-- name: to_char of numbers: counts, percentages and averages as administrators write them
select account_id, to_char(count(*), 'FM999,999') as users, to_char(count(*), '9,999') as padded, to_char(100.0 * count(*) filter (where mfa_active) / count(*), 'FM990.0') as mfa_pct, to_char(avg(date_part('day', user_creation_time)), '990.99') as avg_day, to_char(avg(extract(day from user_creation_time)), 'FM990.999') as avg_numeric, to_char(sum(date_part('hour', user_creation_time)) / 7, 'FM99,990.000') as double_sum, to_char(-count(*), '0000') as negative, to_char(count(*) / 1000.0, 'FM0.0') as thousands, to_char(null::int, '999') as nothing from alicloud_ram_credential_report group by account_id order by account_id;

-- name: regression: avg of a double precision is one (cast to int it rounds half to even)
select account_id, avg(date_part('day', user_creation_time) * 0 + 2.5)::int as tie, avg(date_part('day', user_creation_time) + 0.5)::int as rounded, avg(date_part('day', user_creation_time)) * 2 as doubled from alicloud_ram_credential_report group by account_id order by account_id;

-- name: to_char of each user's numbers, row by row
select user_name, to_char(date_part('day', user_creation_time) / 8, 'FM90.000') as eighths, to_char(extract(day from user_creation_time) / 8, '90.99') as numeric_eighths, to_char(date_part('epoch', user_creation_time), '9,999,999,999') as epoch, to_char(date_part('doy', user_creation_time) - 180, 'FM000') as signed from alicloud_ram_credential_report order by account_id, user_name;

-- name: regular expressions over user names, as administrators write them
select user_name, user_name ~ '^[a-z]+\.[a-z]+@\d{16}\.onaliyun\.com$' as well_formed, user_name ~* '^(ALICE|bob)\.' as named, user_name !~ '@' as root, user_name !~* 'SAMPLE|dormant' as other, user_name ~ '(auto|mfa)' as kind, regexp_like(user_name, 'E\.', 'i') as flag_i, regexp_like(user_name, 'e\.', 'ic') as flag_ic, user_name ~ '^[^@]*[[:digit:]]' as digit_before_at, user_name ~ '^user\d{6}\.\d{1,3}@' as synthetic, user_name ~ '^.{1,12}@' as short, user_name ~ '(?:[a-z]+)\.(?:[a-z]+)' as group_nc, user_name ~ '' as empty, user_name ~ split_part(user_name, '@', 1) as from_data, 'x' || user_name ~ 'xa' as concatenated_first, (user_name ~ '^a') = (user_name like 'a%') as like_agrees from alicloud_ram_credential_report order by account_id, user_name;

-- name: regular expressions counted per account, beyond ASCII and with NULLs
select account_id, count(*) filter (where user_name ~* '^[a-e]') as a_to_e, count(*) filter (where user_name !~ '\d') as no_digit, count(*) filter (where split_part(user_name, '.', 1) ~ '^user\d+$') as numbered, bool_or(user_name ~ '<root>') as has_root, 'ÉCOLE' ~* 'éc' as folded, 'Zoë_1' ~ '^\w+$' as word, 'straße' ~ '[[:alpha:]]{6}' as letters, 'a b' ~ '\s' as space, null::text ~ 'a' as nothing, regexp_like('x', null) as no_pattern from alicloud_ram_credential_report group by account_id order by account_id;

-- name: regexp_replace, regexp_count and regexp_substr over user names
select user_name, regexp_replace(user_name, '@.*$', '') as name, regexp_replace(user_name, '\d', '#', 'g') as masked, regexp_replace(user_name, '[aeiou]', '<\&>', 'gi') as vowels, regexp_replace(user_name, 'x*', '-') as empty_first, regexp_replace(user_name, '^(user)\d+', 'u\\', 'g') as backslash, regexp_count(user_name, '[aeiou]') as vowel_count, regexp_count(user_name, '\.', 1, 'i') as dots, regexp_count(user_name, 'a', 5) as a_after_4, regexp_substr(user_name, '[a-z]+') as first_word, regexp_substr(user_name, '[a-z]+', 1, 2) as second_word, regexp_substr(user_name, '\d+', 1, 1, 'i') as digits, regexp_substr(user_name, 'a.*?n') as lazy, regexp_substr(user_name, 'zzz') as nothing, regexp_count(user_name, '') as empties, substring(user_name from '[0-9]+') as first_number, substring(user_name, '^(?:[a-z]+\.)+') as dotted, substring(user_name from 'q') as no_q, regexp_instr(user_name, '@') as at_sign, regexp_instr(user_name, '[a-z]+', 1, 2, 1) as second_word_end, regexp_instr(user_name, 'ZZ', 1, 1, 0, 'i') as none, count(*) over (partition by regexp_substr(user_name, '^[a-z]+')) as same_first_word from alicloud_ram_credential_report order by account_id, user_name;

-- name: times in zones with summer time, each way
select user_name, user_last_logon at time zone 'Europe/Berlin' as berlin, user_last_logon at time zone 'America/New_York' as new_york, user_creation_time at time zone 'Australia/Sydney' as sydney, (user_last_logon at time zone 'Europe/London') at time zone 'Europe/London' as round_trip, to_char(user_last_logon at time zone 'US/Pacific', 'YYYY-MM-DD HH24:MI') as pacific, date_trunc('day', user_creation_time at time zone 'Europe/Paris') as paris_day from alicloud_ram_credential_report order by account_id, user_name;

-- name: parts in parentheses: regexp_match's elements, \1 in replacements, substring, subexpr
select user_name, (regexp_match(user_name, '^([a-z]+)\.([a-z]+)@'))[1] as first_name, (regexp_match(user_name, '^([a-z]+)\.([a-z]+)@'))[2] as last_name, (regexp_match(user_name, '^([a-z]+)\.([a-z]+)@'))[3] as past_the_end, (regexp_match(user_name, '(\d+)'))[0] as zeroth, (regexp_match(user_name, '[aeiou]+', 'i'))[1], regexp_replace(user_name, '^([^.@]+)\.([^@]+)@(.*)$', '\2, \1 at \3') as swapped, regexp_replace(user_name, '([aeiou])', '[\1\1]', 'g') as doubled, regexp_replace(user_name, '(x)|(a)', '<\1|\2>', 'g') as which_branch, regexp_replace(user_name, 'a', 'A', 3) as from_third, regexp_replace(user_name, '[aeiou]', '#', 1, 2) as second_vowel, regexp_replace(user_name, '[aeiou]', '#', 4, 0, 'i') as vowels_after_3, substring(user_name from '^(.*?)(\d+)') as before_digits, substring(user_name, '@(\d{4})') as first_four, substring(user_name from '(a|e)(b|r)?') as first_of_two, regexp_substr(user_name, '([a-z])([a-z])@', 1, 1, '', 2) as before_at, regexp_substr(user_name, '(q)?(a)', 1, 2, 'i', 1) as unset, regexp_instr(user_name, '([a-z]+)\.([a-z]+)', 1, 1, 0, '', 2) as second_part_at, regexp_instr(user_name, '(o)(n)', 1, 1, 1, '', 1) as after_o from alicloud_ram_credential_report order by account_id, user_name;

-- name: elements of string_to_array, past its ends too
select user_name, (string_to_array(user_name, '@'))[1], (string_to_array(user_name, '.'))[2] as second, (string_to_array(user_name, '.'))[4] as fourth, (string_to_array(user_name, '.'))[0] as zeroth, (string_to_array(user_name, '.'))[-1] as negative, (string_to_array(user_name, 'ali'))[2] as long_delimiter, (string_to_array(split_part(user_name, '@', 3), '.'))[1] as of_empty, (string_to_array(user_name || '..', '.'))[5] as blank_at_end, (string_to_array(user_name, '.'))[length(user_name) % 3 + 1] as computed, (string_to_array(null, '.'))[1] as of_null from alicloud_ram_credential_report order by account_id, user_name;

-- name: elements of regexp_split_to_array
select user_name, (regexp_split_to_array(user_name, '[.@]'))[2], (regexp_split_to_array(user_name, '\d+'))[2] as after_digits, (regexp_split_to_array(user_name, 'A', 'i'))[3] as third_a, (regexp_split_to_array(user_name, ''))[4] as fourth_character, (regexp_split_to_array(user_name, 'x*'))[2] as empty_matches, (regexp_split_to_array(user_name, '\.'))[9] as past_the_end, (regexp_split_to_array(user_name, '@'))[0] as zeroth, (regexp_split_to_array(user_name, '[aeiou]'))[length(user_name) % 4 + 1] as computed from alicloud_ram_credential_report order by account_id, user_name;

-- name: distinct on: each account's newest user, the table's columns by *
select distinct on (account_id) * from alicloud_ram_credential_report order by account_id, user_creation_time desc nulls last, user_name;

-- name: distinct on: a result column's name and position, NULLs first, and two columns of one name
select distinct on (account_id, 2) account_id, mfa_active as mfa, user_name, user_last_logon, user_name from alicloud_ram_credential_report order by 1, mfa, user_last_logon desc nulls first, user_name;

-- name: distinct on: keys left out of order by, counted in a subquery
select count(*) as groups, count(distinct account_id) as accounts from (select distinct on (account_id, password_exist, mfa_active) account_id from alicloud_ram_credential_report order by account_id) as firsts;

-- name: distinct on: with group by, ordered by an aggregate
select distinct on (account_id) account_id, password_exist, count(*) as users from alicloud_ram_credential_report group by account_id, password_exist order by account_id, count(*) desc, password_exist nulls first;

-- name: distinct on: an expression as a key, an interval shown and sorted by, a window beside, limit and offset
select distinct on (account_id, left(user_name, 8)) account_id, left(user_name, 8) as stem, user_last_logon - user_creation_time as active_for, count(*) over (partition by account_id) as in_account, upper(user_name) from alicloud_ram_credential_report where user_last_logon is not null order by account_id, stem, user_last_logon - user_creation_time desc, user_name limit 8 offset 1;

-- name: distinct on: in a with query, with a table's alias and t.*
with firsts as (select distinct on (t.account_id, t.password_exist) t.* from alicloud_ram_credential_report as t order by t.account_id, t.password_exist, t.user_name desc) select account_id, password_exist, user_name from firsts order by account_id, password_exist nulls first;

-- name: distinct on: ordered by a window function's result, named
select distinct on (account_id) account_id, user_name, row_number() over (partition by account_id order by user_name) as nth from alicloud_ram_credential_report order by account_id, nth desc;

-- name: array_agg: each account's lists, in order, distinct, filtered, quoted, empty
select account_id, array_agg(split_part(user_name, '@', 1) order by user_name) as names, array_agg(distinct mfa_active) as mfa, array_agg(distinct password_active order by password_active desc) as password, array_agg(user_last_logon order by user_name) filter (where user_name < 'c' or user_name like 'user00000%') as logons, array_agg(distinct date_trunc('month', user_creation_time)::date) as months, array_agg(distinct left(user_name, 1) || ' "\{,}' || right(user_name, 1)) as quoted, array_agg(length(user_name) order by user_name desc) filter (where user_name like '%a%.%') as lengths, array_agg(distinct user_last_logon - user_creation_time) filter (where user_name < 'd') as spans, array_agg(null::text) filter (where user_name = '<root>') as nothing, array_agg(user_name) filter (where false) as none from alicloud_ram_credential_report group by account_id order by account_id;

-- name: casts with a length, a precision and a scale; strings with escapes
select user_name::varchar(8) as short, cast(user_name as character varying(3)) as three, (100.0 * length(user_name) / 7)::numeric(6,2) as ratio, date_part('day', user_creation_time)::numeric(4,1) as day, (-length(user_name) / 1000.0)::decimal(3,2) as small, length(user_name)::numeric(10) as whole, (length(user_name) / 3.0)::numeric(5) as rounded, split_part(user_name, '@', 1) || E'\t|' || E'\x41\u00e9\\' || E'it\'s' as escaped from alicloud_ram_credential_report order by account_id, user_name;

-- name: a list per account joined by line breaks
select account_id, string_agg(split_part(user_name, '@', 1), E'\n' order by user_name) as names from alicloud_ram_credential_report group by account_id order by account_id;

-- name: round of a numeric at its halves, as its digits are written
select user_name, round(length(user_name) / 1000.0, 2) as thousandths, round(-length(user_name) / 200.0, 2) as negative, round(length(user_name) * 5.5, -1) as tens, round(length(user_name) / 2.0) as halves, round(length(user_name)::numeric / 8, 3) as eighths, round(100.0 * length(split_part(user_name, '@', 1)) / length(user_name), 1) as pct from alicloud_ram_credential_report order by account_id, user_name;

-- name: an interval beside text, quarters, powers and seconds since 1970
select user_name, age(timestamp '2027-01-01', user_creation_time) > '1 year' as over_a_year, '6 mons' <= user_last_logon - user_creation_time as six_months, date_trunc('quarter', user_creation_time) as quarter, date_trunc('qtr', user_last_logon)::date as logon_quarter, length(user_name) ^ 2 as squared, 2.0 ^ (length(user_name) % 5) as numeric_power, -2 ^ 2 as sign_first, -(2 ^ 3) as sign_after, 2 ^ 3 ^ 2 as left_first, |/ length(user_name) as root, @ (5 - length(user_name)) as distance, to_timestamp(1700000000 + length(user_name) * 86400) as from_epoch from alicloud_ram_credential_report order by account_id, user_name;

-- name: times in zones with one offset since a later year
select user_name, user_last_logon at time zone 'America/Mexico_City' as mexico, to_char(user_last_logon at time zone 'Europe/Istanbul', 'YYYY-MM-DD HH24:MI') as istanbul, (user_last_logon at time zone 'America/Sao_Paulo') at time zone 'America/Sao_Paulo' as round_trip from alicloud_ram_credential_report where user_last_logon >= '2023-01-01' order by account_id, user_name;

-- name: columns of WITH queries and subqueries keep their types
with last_use as (select user_name, account_id, greatest(access_key_1_last_used, access_key_2_last_used) as last_used, date_trunc('month', user_creation_time) as month, mfa_active as mfa from alicloud_ram_credential_report) select l.user_name, timestamp '2027-01-01' - last_used as idle, age(timestamp '2027-01-01', l.last_used) as a, last_used < timestamp '2027-01-01' - interval '90 days' as stale, extract(day from timestamp '2027-01-01' - last_used) as days, 'at ' || last_used::text as t, month::text || ' on' as m, concat(mfa, '|', month) as c, mfa = 't' as mm, s.first::text as f from last_use l join (select account_id, min(month) as first from last_use group by account_id) s on s.account_id = l.account_id order by l.account_id, l.user_name;

-- name: a star through WITH queries keeps the table's columns and types
with w as (select *, date_trunc('day', user_last_logon) as logon_day from alicloud_ram_credential_report), named(who, made) as (select user_name, user_creation_time from w) select s.user_name, s.user_last_logon::text as logon, 'day ' || s.logon_day as day, n.made::text as made, (select distinct on (account_id) user_name from w order by account_id, user_name desc limit 1) as last_name from (select * from w) s join named n on n.who = s.user_name where s.user_last_logon > '2026-01-01' order by s.account_id, s.user_name;

-- name: distinct on over a WITH query's star
with w as (select user_name, account_id, user_creation_time from alicloud_ram_credential_report) select distinct on (account_id) * from w order by account_id, user_creation_time desc nulls last, user_name;

-- name: a recursive WITH query of months, as generate_series would make them
with recursive months(m) as (select date_trunc('month', timestamp '2025-01-01') union all select m + interval '1 month' from months where m < timestamp '2026-12-01') select m::date as month, to_char(m, 'Mon YYYY') as label, (select count(*) from alicloud_ram_credential_report u where date_trunc('month', u.user_creation_time) = months.m) as created, 'until ' || (m + interval '1 month' - interval '1 day') as last_day from months order by m;

-- name: generate_series of numbers, up, down, by fractions, and none
select n, 'n=' || n as text from generate_series(1, 10, 3) as n union all select d, 'down' from generate_series(5, -3, -4) as s(d) union all select x, 'half' from generate_series(0, 2, 0.5) as x union all select generate_series, 'none' from generate_series(3, 1) order by 2, 1;

-- name: generate_series of months, users created in each
select m::date as month, to_char(m, 'YYYY-MM') as label, count(u.user_name) as created, count(u.user_name) filter (where u.mfa_active) as with_mfa from generate_series(date_trunc('month', timestamp '2026-12-01') - interval '23 months', date_trunc('month', timestamp '2026-12-01'), interval '1 month') as m left join alicloud_ram_credential_report u on date_trunc('month', u.user_creation_time) = m group by m order by m;

-- name: generate_series of dates and of times with time zone, by days and weeks, backwards too
select 'at ' || d as day from generate_series('2026-02-26'::date, '2026-03-02'::date, interval '1 day') as d union all select 'at ' || w from generate_series(timestamptz '2026-01-31 10:00:00+00', timestamptz '2025-12-01 00:00:00+00', interval '-2 weeks') as w union all select 'at ' || m from generate_series('2024-01-31 00:00:00+00'::timestamptz, '2024-06-30 00:00:00+00', interval '1 month') as m order by 1;

-- name: to_timestamp and to_date of text by a to_char pattern, read back
select user_name, to_timestamp(to_char(user_creation_time, 'DD Mon YYYY HH12:MI:SS AM'), 'DD Mon YYYY HH12:MI:SS AM') = user_creation_time as same_time, to_date(to_char(user_last_logon, 'YYYYMMDD'), 'YYYYMMDD') as logon_day, to_timestamp(to_char(user_last_logon, 'FMDD/FMMM/YYYY HH24:MI'), 'DD/MM/YYYY HH24:MI') as logon_minute, to_date(to_char(user_creation_time, 'YYYY DDD'), 'YYYY DDD') as by_day_of_year, to_date(to_char(user_creation_time, 'FMMonth DD, YYYY'), 'Month DD, YYYY') as by_month_name, to_timestamp(to_char(user_creation_time, 'YYYY-RM-DD SSSS'), 'YYYY-RM-DD SSSS') as roman_month from alicloud_ram_credential_report order by account_id, user_name;

-- name: users created before a time read by a pattern
select user_name from alicloud_ram_credential_report where user_creation_time < to_timestamp('1 March 2025 2:00 pm', 'DD Month YYYY HH:MI am') and (user_last_logon is null or user_last_logon >= to_date('2024/6/1', 'YYYY-MM-DD')) order by account_id, user_name;

-- name: to_date and to_timestamp read as PostgreSQL reads them
select to_date('2024-01-00', 'YYYY-MM-DD') as day_zero, to_date('  2024 - 5 - 1', 'YYYY-MM-DD') as blanks, to_date('24/1/2', 'YY/MM/DD') as two_digit_year, to_date('1/2/99', 'MM/DD/YY') as last_century, to_date('20240501', 'YYYYMMDD') as fixed_width, to_date('2024-05-01xyz', 'YYYY-MM-DD') as text_after, to_date('2024', 'YYYY-MM-DD') as year_alone, to_timestamp('2024-05-01T10:11', 'YYYY-MM-DD"T"HH24:MI') as quoted_t, to_timestamp('12:30 AM 2024-01-01', 'HH12:MI AM YYYY-MM-DD') as midnight, to_date('2024 060', 'YYYY DDD') as leap_day, to_date('2024-03 370', 'YYYY-MM DDD') as day_of_year_past_end, to_date('Tue 2024-03-05', 'Dy YYYY-MM-DD') as day_name, to_date('1st Jan 2024', 'DDth Mon YYYY') as ordinal, to_date('2024年05月01日', 'YYYY"年"MM"月"DD"日"') as quoted_text;

-- name: a VALUES list as a WITH query of names to leave out
with exempt(name) as (values ('<root>'), ('svc-backup'), ('nobody')) select user_name, account_id from alicloud_ram_credential_report where user_name not in (select name from exempt) and password_exist order by account_id, user_name;

-- name: a VALUES list in FROM with column names, joined to the report
select t.label, t.lo, count(r.user_name) as users, sum(t.weight) as weight from (values ('short', 0, 20, 1), ('middle', 20, 40, 1.5), ('long', 40, 1000, null)) as t(label, lo, hi, weight) left join alicloud_ram_credential_report r on length(r.user_name) >= t.lo and length(r.user_name) < t.hi group by t.label, t.lo order by t.lo;

-- name: a VALUES list of times with time zone, each counting the users created before it
with cutoffs(label, at) as (values ('2024', timestamptz '2024-01-01 00:00:00+00'), ('2025', timestamptz '2025-01-01 00:00:00+00'), ('later', null)) select label, 'at ' || at as at, count(u.user_name) as created_before from cutoffs left join alicloud_ram_credential_report u on u.user_creation_time < cutoffs.at group by label, at order by label;

-- name: a subquery's columns renamed after its alias, some of them
select s.account, s.users, s.console from (select account_id, count(*), count(*) filter (where password_exist) as console from alicloud_ram_credential_report group by account_id) as s(account, users) order by s.account;

-- name: VALUES alone, ordered, and a column widened from integer to numeric
values (2, 'b', 1), (1, 'a', 2.5), (3, null, null) order by 1;

-- name: unnest of an array written in the query, joined to the report
select e.name, r.mfa_active, r.password_exist from unnest(array['<root>', 'nobody', 'svc-backup']) as e(name) left join alicloud_ram_credential_report r on r.user_name = e.name order by e.name, r.account_id;

-- name: unnest of arrays side by side, padded with NULL, and of string_to_array
select t.n, t.s, t.n * 2 as twice, u from unnest(array[3, 1, 2.5], string_to_array('c,a,,b', ',')) as t(n, s), unnest(array['x']) as u order by t.n, t.s;

-- name: md5 of the users' names, to share a result without them
select md5(user_name) as who, md5(account_id || ':' || user_name) as salted, mfa_active, md5('') as nothing from alicloud_ram_credential_report order by 1;

-- name: width_bucket of numerics in their digits and of doubles in their binary values, a grid
select a.x, b.lo, b.hi, c.n, width_bucket(a.x, b.lo, b.hi, c.n) as num, width_bucket(a.x::float8, b.lo::float8, b.hi::float8, c.n) as dbl from (values (0.3), (0.1), (0.7), (1.0), (2.5), (-0.2), (0.45), (0.05), (0.6), (0.9)) as a(x), (values (0.1, 0.5), (0.5, 0.1), (0, 1), (0.2, 0.7), (-1, 2.5), (0.1, 0.7)) as b(lo, hi), (values (1), (2), (3), (6), (7), (10)) as c(n) order by a.x, b.lo, b.hi, c.n;

-- name: width_bucket of days since a key was used, a histogram
select width_bucket(date_part('day', timestamp '2026-12-01' - access_key_1_last_used), 0, 360, 12) as bucket, count(*) from alicloud_ram_credential_report where access_key_1_last_used is not null group by 1 order by 1;

-- name: localtimestamp without parentheses, a time without a zone
select count(*) filter (where user_creation_time::timestamp < localtimestamp) as created_before_now, localtimestamp > timestamp '2026-01-01' as after_2026 from alicloud_ram_credential_report;

-- name: rollup, subtotals per account and a grand total, marked by grouping()
select account_id, mfa_active, count(*) as users, count(*) filter (where password_exist) as console, grouping(account_id, mfa_active) as level from alicloud_ram_credential_report group by rollup (account_id, mfa_active) order by level, account_id, mfa_active;

-- name: cube of two booleans, every combination and total
select mfa_active, password_exist, count(*), sum(length(user_name)) as name_chars, grouping(mfa_active, password_exist) as g from alicloud_ram_credential_report group by cube (mfa_active, password_exist) order by g, 1, 2;

-- name: grouping sets by account, by year created and overall, with having and positions
select account_id, to_char(date_trunc('year', user_creation_time), 'YYYY') as year, count(*), grouping(account_id) as by_year, grouping(date_trunc('year', user_creation_time)) as by_account from alicloud_ram_credential_report group by grouping sets ((1), (date_trunc('year', user_creation_time)), ()) having count(*) > 0 order by by_year, by_account, 1, 2;

-- name: a plain grouping beside a rollup, and a rollup over no rows
select account_id, mfa_active, password_exist, count(*) from alicloud_ram_credential_report group by account_id, rollup (mfa_active, password_exist) order by 1, 2, 3, 4 limit 20;

-- name: rollup over no rows still gives its total
select mfa_active, count(*), max(user_name) from alicloud_ram_credential_report where user_name = 'nobody at all' group by rollup (mfa_active);

-- name: group by the empty set, a total even over no rows, beside a rollup
select 'none' as what, null::boolean as mfa_active, count(*) from alicloud_ram_credential_report where false group by () union all select 'rollup', mfa_active, count(*) from alicloud_ram_credential_report group by rollup (mfa_active), () order by 1, 2, 3;

-- name: a GROUP BY position read once, where its column is a number too, beside a rollup
select 2 as two, mfa_active, count(*) from alicloud_ram_credential_report group by rollup (1), mfa_active order by 2, 1, 3;

-- name: a rollup ordered by result columns' names in other cases, and aliases in capitals
select mfa_active as Level, password_exist as "Console", count(*) as Users from alicloud_ram_credential_report group by rollup (1, 2) order by LEVEL, "Console", users;

-- name: a subquery inside an aggregate of a rollup, and a rolled-up column after it
select mfa_active, sum((select 1)) as s, count(*) filter (where exists (select 1 where user_name like 'a%')) as a_names, password_exist, grouping(mfa_active, password_exist) as g from alicloud_ram_credential_report group by rollup (mfa_active, password_exist) order by g, 1, 4;

-- name: json_agg of names, ordered and filtered, per account
select account_id, json_agg(user_name order by user_name) filter (where password_exist and not mfa_active) as without_mfa, json_agg(user_name order by user_name desc) as everyone from alicloud_ram_credential_report group by account_id order by account_id;

-- name: jsonb_build_object of each type, its keys in jsonb's order, a key given twice
select jsonb_build_object('user', user_name, 'mfa', mfa_active, 'logon', user_last_logon, 'created', user_creation_time::date, 'none', null, 'n', length(user_name), 'user', upper(user_name)) as doc from alicloud_ram_credential_report order by account_id, user_name;

-- name: json_build_object with a list inside, a count and an escaped key
select json_build_object('account', account_id, 'users', json_agg(user_name order by user_name), 'count', count(*), '1', true, E'a "key"\\\n', 2) as summary from alicloud_ram_credential_report group by account_id order by account_id;

-- name: jsonb_agg of objects, and json_agg of jsonb objects
select jsonb_agg(jsonb_build_object('name', user_name, 'keys', (access_key_1_active is true)::int + (access_key_2_active is true)::int) order by user_name, account_id) as j, json_agg(jsonb_build_object('bb', account_id, 'a', 1) order by user_name, account_id) as k from alicloud_ram_credential_report;

-- name: json arrays of an interval, a timestamp without time zone and escaped text
select json_build_array(user_last_logon - user_creation_time, user_creation_time::timestamp, E'say "hi"\\\n\t', 1.25, null) as a, jsonb_build_array(to_jsonb(mfa_active), password_exist) as b, to_json(user_name) as t from alicloud_ram_credential_report order by account_id, user_name;

-- name: json_agg over no rows is null, and the empty builders
select json_agg(user_name) as none, json_build_object() as o, jsonb_build_array() as a from alicloud_ram_credential_report where user_name = 'nobody at all';

-- name: similar to, with alternatives, a bracket, an escape character and not
select user_name, user_name similar to '%(alice|bob)%' as named, user_name similar to '[a-c]%@%.com' as a_to_c, user_name not similar to '%#.%' escape '#' as no_dot, user_name similar to '<%' as bracketed, user_name similar to '%[0-9]{3}@%' as three_digits from alicloud_ram_credential_report order by account_id, user_name;

-- name: json_agg under a rollup: each row's value inside the aggregate, in subtotals and the total
select mfa_active, json_agg(mfa_active order by user_name, account_id) as vals, jsonb_agg(user_name order by user_name, account_id) filter (where user_name like 'a%') as a_names, grouping(mfa_active) as g from alicloud_ram_credential_report group by rollup (mfa_active) order by g, 1;

-- name: coalesce of a JSON list with the empty list, shown and inside an object
select coalesce(json_agg(user_name order by user_name, account_id), '[]') as users, json_build_object('none', coalesce(jsonb_agg(user_name), '{}'), 'empty', coalesce(json_agg(user_name), '[]')) as doc from alicloud_ram_credential_report where user_name = 'nobody at all';

-- name: names in capitals and mixed case, folded as PostgreSQL folds them, under a rollup too
SELECT MFA_Active, Count(*) AS Users, GROUPING(MFA_ACTIVE) AS G FROM Alicloud_Ram_Credential_Report GROUP BY ROLLUP (mfa_active) ORDER BY g, 1;

-- name: the table named in a schema, its columns too
select public.alicloud_ram_credential_report.user_name, r.account_id from public.alicloud_ram_credential_report join public.alicloud_ram_credential_report r using (user_name, account_id) order by 2, 1;

-- name: string_agg of distinct values, in their order, with any separator, a value holding one
select string_agg(distinct account_id, ', ') as accounts, string_agg(distinct split_part(user_name, '.', 1), ',') filter (where mfa_active) as names, string_agg(distinct v.x, ' | ' order by v.x desc) as listed from alicloud_ram_credential_report cross join (values ('b,1'), ('a'), (null)) as v(x);

-- name: regression: a join in parentheses, its ON's PostgreSQL translated (a boolean's 't', ilike, an interval)
select r.user_name, a.mfa_active, b.account_id from alicloud_ram_credential_report r join (alicloud_ram_credential_report a left join alicloud_ram_credential_report b on b.user_name ilike a.user_name and b.mfa_active = 't' and b.user_creation_time < a.user_creation_time + interval '1 day') on a.user_name = r.user_name and a.account_id = r.account_id order by r.account_id, r.user_name, b.account_id;

-- name: regression: coalesce of one value, which SQLite's coalesce() does not take
select user_name, coalesce(user_last_logon) as logon, coalesce(mfa_active) as mfa, coalesce(password_exist, null) as p from alicloud_ram_credential_report order by account_id, user_name;

-- name: regression: coalesce of one JSON value, shown as the value is
select account_id, coalesce(json_agg(user_name order by user_name)) from alicloud_ram_credential_report group by account_id order by account_id;
