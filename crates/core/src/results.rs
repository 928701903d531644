//! What crosses from the database to whoever shows it: a query's result and its values, and
//! what a load added. Plain data with no SQLite inside, so the page's main module can hold,
//! show and export them while SQLite runs in its worker (`credreport-engine`).

use serde::{Deserialize, Serialize};

use crate::report::{Report, Warning};
use crate::words::plural;

/// A value of a query's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    /// Shown as lower-case hex.
    Blob(#[serde(serialize_with = "hex")] Vec<u8>),
}

fn hex<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::words::hex(b))
}

impl Value {
    /// The value as text, as a table cell shows it; `None` for NULL.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Integer(i) => Some(i.to_string()),
            Value::Real(r) => Some(format_real(*r)),
            Value::Text(t) => Some(t.clone()),
            Value::Blob(b) => Some(format!("x'{}'", crate::words::hex(b))),
        }
    }
}

fn format_real(r: f64) -> String {
    if r.is_finite() && r == r.trunc() && r.abs() < 1e15 {
        format!("{r:.1}")
    } else {
        r.to_string()
    }
}

/// What a query returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// Set when a limit stopped the result before the query's last row.
    pub truncated: Option<Cut>,
}

/// Why a result stops before the query's last row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cut {
    /// At `QueryOptions::max_rows`.
    Rows(usize),
    /// At `QueryOptions::max_bytes`.
    Bytes(usize),
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cut::Rows(n) => write!(f, "cut at the limit of {n} rows"),
            Cut::Bytes(n) => write!(f, "cut at the limit of {} of values", bytes_text(*n)),
        }
    }
}

/// A byte count as people read it, in powers of 1,024: `790 bytes`, `1.1 MB`, `512 KB`, `64 MB`.
/// Rounded up as `ls -lh` rounds (one decimal below ten of a unit, unless whole), so a size is
/// never said to be less than it is and one over a limit never reads as the limit.
pub fn bytes_text(n: usize) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    // In 64 bits, not 128: 128-bit formatting and division weigh 2.5 KB in each module. Tenths
    // of a count past 1.8 × 10¹⁸ bytes are said as that many.
    let n = n as u64;
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut unit = 0;
    while unit + 1 < UNITS.len() && n >= 1024u64.pow(unit as u32 + 2) {
        unit += 1;
    }
    loop {
        let size = 1024u64.pow(unit as u32 + 1);
        let tenths = n.saturating_mul(10).div_ceil(size);
        if tenths < 100 {
            return if n.is_multiple_of(size) {
                format!("{} {}", n / size, UNITS[unit])
            } else {
                format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
            };
        }
        let whole = n.div_ceil(size);
        // Rounded up to 1,024 of a unit: one of the next (1,048,000 bytes is 1.0 MB).
        if whole < 1024 || unit + 1 == UNITS.len() {
            return format!("{whole} {}", UNITS[unit]);
        }
        unit += 1;
    }
}

/// A value from an input as a message quotes it: whole when short, else its first 100
/// characters and its size, so megabytes of text in one field are not printed back.
pub(crate) fn quoted(value: &str) -> String {
    const SHOWN: usize = 100;
    match value.char_indices().nth(SHOWN) {
        None => value.to_owned(),
        Some((end, _)) => format!("{}… ({} in all)", &value[..end], bytes_text(value.len())),
    }
}

/// What one load added, and what it did not add because it was loaded already.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadSummary {
    pub reports: Vec<ReportSummary>,
    pub duplicates: Vec<Duplicate>,
    /// Reports that named no account and were taken as their alias's (`Database::load`):
    /// said in [`LoadSummary::describe`], which is what crosses to the page.
    #[serde(skip)]
    pub accounts_taken: Vec<AccountOfAlias>,
}

/// A report that names no account, taken as the account of the other loaded reports whose
/// users log on at its alias: an alias is one account's. It is then given that account, as if
/// the user had given it, and can be given another in the same way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name} is taken as account {account}'s{}, as {from} is, whose users log on at the same alias ({domain})", .instead.as_ref().map(|i| format!(", not {i}'s as given")).unwrap_or_default())]
pub struct AccountOfAlias {
    /// The report taken as the account's, and its SHA-256.
    pub source_name: String,
    pub sha256: String,
    pub account: String,
    /// The account it was given before, which the alias's reports say is not theirs.
    pub instead: Option<String>,
    /// A loaded report at the alias that is of the account.
    pub from: String,
    /// The alias's logon domain (`corp.onaliyun.com`).
    pub domain: String,
}

/// Whether `value`, said of a report whose own is `now` (`given` when a person said that), changes
/// it: the report does not say it, or a person said something else before (a typo put right).
/// Saying again what was said changes nothing; what a report states itself is never replaced.
pub(crate) fn open_to(now: Option<&str>, given: bool, value: &str) -> bool {
    match now {
        None => true,
        Some(v) => given && v != value,
    }
}

/// An alias is one account's. Each report among `reports` at an alias that names no account is
/// to take the account its alias's other reports are of: the one they state themselves
/// (fetched reports), else the one they were given, when it is one. A report given another
/// account than the one its alias's reports state (a typo, given before the stated one loaded)
/// is to take the stated one. Where they are of several, none is taken: which is right cannot
/// be told. The load of a database ([`crate::Database::load`]) gives them so, and a trend of
/// reports loaded one by one labels them so.
pub fn alias_accounts(reports: &[ReportSummary]) -> Vec<AccountOfAlias> {
    let mut domains: Vec<&str> = (reports.iter())
        .filter(|r| r.account_id.is_none() || r.account_given)
        .filter_map(|r| r.logon_domain.as_deref())
        .collect();
    domains.sort_unstable();
    domains.dedup();
    let mut taken = Vec::new();
    for domain in domains {
        let at = |r: &ReportSummary| r.logon_domain.as_deref() == Some(domain);
        // The report at the alias whose account its others are of, if they are of one.
        let of = |given: bool| {
            let mut known = (reports.iter())
                .filter(|r| at(r) && r.account_id.is_some() && r.account_given == given);
            let first = known.next();
            match first {
                Some(f) if known.any(|r| r.account_id != f.account_id) => Err(()),
                first => Ok(first),
            }
        };
        let from = match (of(false), of(true)) {
            (Ok(Some(stated)), _) => stated,
            (Ok(None), Ok(Some(given))) => given,
            _ => continue,
        };
        let account = from.account_id.clone().unwrap_or_default();
        let open = |r: &ReportSummary| open_to(r.account_id.as_deref(), r.account_given, &account);
        taken.extend(
            (reports.iter())
                .filter(|r| at(r) && open(r))
                .map(|r| AccountOfAlias {
                    source_name: r.source.clone(),
                    sha256: r.sha256.clone(),
                    account: account.clone(),
                    instead: r.account_id.clone(),
                    from: from.source.clone(),
                    domain: domain.to_owned(),
                }),
        );
    }
    taken
}

/// A report not loaded because the same report is loaded already: its rows would count every
/// user twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{source_name} is {what} as {of}, loaded already: not loaded again (it would count every user twice)")]
pub struct Duplicate {
    /// The input the second copy came from.
    pub source_name: String,
    /// The loaded report it repeats.
    pub of: String,
    /// How it was recognised.
    pub what: String,
}

impl LoadSummary {
    pub fn warnings(&self) -> impl Iterator<Item = &Warning> {
        self.reports.iter().flat_map(|r| r.warnings.iter())
    }
    pub fn rows(&self) -> usize {
        self.reports.iter().map(|r| r.rows).sum()
    }

    /// Whether the load added any report.
    pub fn added(&self) -> bool {
        !self.reports.is_empty()
    }

    /// What several loads, one after another, did together (the page opening with its kept
    /// loads): what each added, and what each did not load again.
    pub fn and(mut self, next: LoadSummary) -> LoadSummary {
        self.reports.extend(next.reports);
        self.duplicates.extend(next.duplicates);
        self.accounts_taken.extend(next.accounts_taken);
        self
    }

    /// What a load says: what arrived, with its warnings counted, and what was not loaded again.
    pub fn describe(&self) -> String {
        let added = &self.reports;
        let users = self.rows();
        let warnings: usize = added.iter().map(ReportSummary::warning_count).sum();
        let mut said = if added.is_empty() {
            "Nothing new was loaded.".to_owned()
        } else {
            let w = if warnings == 0 {
                String::new()
            } else {
                format!(", {warnings} warning{} below", plural(warnings))
            };
            match added.len() {
                1 => format!("Loaded {} from 1 report{w}.", loaded_amount(1, users)),
                n => format!("Loaded {}{w}.", loaded_amount(n, users)),
            }
        };
        let told = (self.duplicates.iter().map(ToString::to_string))
            .chain(self.accounts_taken.iter().map(ToString::to_string));
        for t in told {
            said.push(' ');
            said.push_str(&t);
            said.push('.');
        }
        said
    }
}

/// How much is loaded, as the page's heading and a load's message say it: one report's users,
/// or several reports' rows (a user of last month's report and this month's is a row in each:
/// "7019 users" would be twice the account's).
pub fn loaded_amount(reports: usize, rows: usize) -> String {
    if reports > 1 {
        format!("{reports} reports, {rows} row{}", plural(rows))
    } else {
        format!("{rows} user{}", plural(rows))
    }
}

/// One loaded report, as the app and the CLI describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// What it was read from (its file's name, its first page's for a report of several),
    /// numbered when a report loaded before it has that name ("report.csv (2)"), so each loaded
    /// report is named once.
    pub source: String,
    /// The name of the file as given, where `source` numbers it ([`ReportSummary::file`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbered_from: Option<String>,
    pub form: crate::input::Form,
    pub pages: usize,
    pub rows: usize,
    pub account_id: Option<String>,
    pub generated_time: Option<String>,
    pub extra_columns: Vec<String>,
    pub warnings: Vec<Warning>,
    pub warnings_dropped: usize,
    /// SHA-256 (hex) of what it was read from: the file itself when it came from one.
    pub sha256: String,
    /// `generated_time` is one the user gave it, not what the report says.
    #[serde(default)]
    pub time_given: bool,
    /// `account_id` is one the user gave it, not what the report or its users' names say.
    #[serde(default)]
    pub account_given: bool,
    /// With `account_given`: the loaded report whose account a load gave this one, its users
    /// logging on at the same alias ([`AccountOfAlias`]), where no person gave it to this one;
    /// said by [`account_given_words`]. `None` where a person gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_from: Option<String>,
    /// The domain its users' logon names share, when they share one of an account's
    /// (`corp.onaliyun.com`): it tells one account's reports even where they name none
    /// ([`ReportSummary::same_account`]).
    #[serde(default)]
    pub logon_domain: Option<String>,
}

/// The reports the checks and the overview judge, in the order they were loaded: each account's
/// latest, the one generated last ([`ReportSummary::newer_in`] finds none). Loading last month's
/// report beside this month's then never counts a user twice;
/// `alicloud_ram_credential_report_latest` holds these rows.
pub fn latest(reports: &[ReportSummary]) -> Vec<&ReportSummary> {
    reports
        .iter()
        .filter(|r| r.newer_in(reports).is_none())
        .collect()
}

/// What [`latest`] leaves out, [`in_time_order`]: each report another report of its account
/// was generated after.
pub fn older(reports: &[ReportSummary]) -> Vec<&ReportSummary> {
    (in_time_order(reports).into_iter())
        .filter(|r| r.newer_in(reports).is_some())
        .collect()
}

/// Reports as a person looks for one among them, whatever order they were loaded in (a kept
/// history, files picked together): each account's together, the accounts in the order their
/// first report was loaded, each account's oldest first ([`ReportSummary::generated_order`]),
/// those that do not say when last, in the order loaded.
pub fn in_time_order<'a>(
    reports: impl IntoIterator<Item = &'a ReportSummary>,
) -> Vec<&'a ReportSummary> {
    let mut accounts: Vec<String> = Vec::new();
    let mut keyed: Vec<(usize, &ReportSummary)> = reports
        .into_iter()
        .map(|r| {
            let account = r.account_said();
            let at = match accounts.iter().position(|a| *a == account) {
                Some(at) => at,
                None => {
                    accounts.push(account);
                    accounts.len() - 1
                }
            };
            (at, r)
        })
        .collect();
    keyed.sort_by(|(a, x), (b, y)| (a, x.generated_order()).cmp(&(b, y.generated_order())));
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// A generation time as reports are ordered by it: one that does not say counts as generated
/// now, after every stated time (as the checks judge it), and two that do not say are equal.
pub fn time_order(time: Option<&str>) -> (bool, Option<&str>) {
    (time.is_none(), time)
}

/// What [`latest`] left out, said once for the CLI and the page: `None` when every loaded report
/// is judged.
pub fn left_out_note(reports: &[ReportSummary]) -> Option<String> {
    let older: Vec<String> = older(reports)
        .into_iter()
        .map(|r| match &r.generated_time {
            Some(t) => format!("{} ({t})", r.source),
            None => r.source.clone(),
        })
        .collect();
    (!older.is_empty()).then(|| {
        let n = older.len();
        let reports = if n == 1 { "report is" } else { "reports are" };
        format!(
            "the checks judge each account's latest report; {n} {reports} older: {}",
            crate::words::listed(&older)
        )
    })
}

/// Reports of one account that none can be told older than another: they do not say when they
/// were generated (console CSVs never do), or were given one time (`--generated-time` gives
/// every file of a load the same). [`latest`] keeps them all, so the checks judge each of their
/// users once per report. One group per account and time, in the order they were loaded.
///
/// Reports that name no account, and whose users' logon domain does not name it either, are
/// kept too, since nothing says whether they are one account's: they are grouped with each
/// other report that names no account. Only what [`latest`] keeps: reports of one older time
/// are not judged at all.
pub fn alike(reports: &[ReportSummary]) -> Vec<Vec<&ReportSummary>> {
    // Whether nothing tells `a` and `b` apart as two accounts' reports, or one's older.
    // (Reports whose account nothing names are all kept, whatever their times.)
    let one = |a: &ReportSummary, b: &ReportSummary| {
        a.may_be_same_account(b) && (!a.same_account(b) || a.generated_time == b.generated_time)
    };
    let mut groups: Vec<Vec<&ReportSummary>> = Vec::new();
    for r in latest(reports) {
        match groups.iter_mut().find(|g| g.iter().any(|m| one(m, r))) {
            Some(group) => group.push(r),
            None => groups.push(vec![r]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// Whether giving each report of an [`alike`] group its own generation time tells them apart:
/// only when each is known to be of the group's account ([`ReportSummary::same_account`]),
/// since a time orders only one account's reports.
pub fn told_apart_by_time(group: &[&ReportSummary]) -> bool {
    (group.iter()).all(|r| r.account_id.is_some() || r.logon_domain.is_some())
}

/// What [`alike`] finds, said once for the CLI and the page (each adds what to do there):
/// `None` when no reports are alike.
pub fn alike_note(reports: &[ReportSummary]) -> Option<String> {
    let groups = alike(reports);
    (!groups.is_empty()).then(|| {
        let each: Vec<String> = groups.iter().map(|g| alike_group_note(g)).collect();
        each.join("; ")
    })
}

/// Whether a generation time given to each report tells apart every [`alike`] group
/// ([`told_apart_by_time`]), so that the page can offer it.
pub fn alike_told_apart_by_time(reports: &[ReportSummary]) -> bool {
    alike(reports).iter().all(|g| told_apart_by_time(g))
}

/// [`alike_note`] where the reports are queried, as `query` and the page's loaded reports say
/// it: the latest view, which a query (and the page's first answer) reads, holds them all.
pub fn alike_latest_note(reports: &[ReportSummary]) -> Option<String> {
    alike_note(reports).map(|note| format!("{note}; {} holds them all", crate::schema::LATEST_VIEW))
}

fn alike_group_note(group: &[&ReportSummary]) -> String {
    let names = crate::words::listed(&group.iter().map(|r| r.source.as_str()).collect::<Vec<_>>());
    let judged = "so the checks judge them all and count each of their users once per report";
    if !told_apart_by_time(group) {
        return format!(
            "{names} do not say which account they are of (nor do their users' logon names): should they be one account's reports, none can be told older, {judged}"
        );
    }
    // The report that names the account, should one.
    let named = group
        .iter()
        .find(|r| r.account_id.is_some())
        .unwrap_or(&group[0]);
    let account = named.account_said();
    match &group[0].generated_time {
        Some(t) => format!(
            "{names} are reports of {account} given one generation time ({t}): none can be told older, {judged}"
        ),
        None => format!(
            "{names} are reports of {account} that do not say when they were generated: none can be told older, {judged}"
        ),
    }
}

/// A report's account as a person reads it: `account 1234567890123456`, `account
/// …@corp.onaliyun.com` (named by its users' logon domain, [`ReportSummary::logon_domain`]), or
/// `account unknown`.
pub fn account_said(account_id: Option<&str>, logon_domain: Option<&str>) -> String {
    format!("account {}", account_name(account_id, logon_domain))
}

/// [`account_said`] without "account ": `1234567890123456`, `…@corp.onaliyun.com` or
/// `unknown`, as a list of accounts (the evidence's) names each.
pub fn account_name(account_id: Option<&str>, logon_domain: Option<&str>) -> String {
    match (account_id, logon_domain) {
        (Some(id), _) => id.to_owned(),
        (None, Some(domain)) => format!("…@{domain}"),
        (None, None) => "unknown".into(),
    }
}

/// The words in brackets after an account no report states, which say who gave it: `by_person`
/// ("as you gave it" on the page, "as given" in evidence), or the report at its alias whose
/// account a load gave it ([`ReportSummary::account_from`]).
pub fn account_given_words(from: Option<&str>, by_person: &str) -> String {
    match from {
        Some(from) => format!("as {from} is, at the same alias"),
        None => by_person.to_owned(),
    }
}

impl ReportSummary {
    /// How many load warnings the report had, those past the kept ones included.
    pub fn warning_count(&self) -> usize {
        self.warnings.len() + self.warnings_dropped
    }

    /// The report's account as a person reads it ([`account_said`]).
    pub fn account_said(&self) -> String {
        account_said(self.account_id.as_deref(), self.logon_domain.as_deref())
    }

    /// Whether `self` and `other` are known to be one account's reports: both name it, or they
    /// do not both name one and their users log on at one domain. That domain names one account:
    /// it is the account's alias (`corp.onaliyun.com`), which no other account has, and the
    /// only name of the account a console CSV of an account with an alias holds.
    pub fn same_account(&self, other: &ReportSummary) -> bool {
        match (&self.account_id, &other.account_id) {
            (Some(a), Some(b)) => a == b,
            _ => self.logon_domain.is_some() && self.logon_domain == other.logon_domain,
        }
    }

    /// Whether nothing says `self` and `other` are two accounts' reports: they are
    /// [`Self::same_account`], or neither names its account and one's users' logon names do not
    /// name it either.
    pub fn may_be_same_account(&self, other: &ReportSummary) -> bool {
        self.same_account(other)
            || (self.account_id.is_none()
                && other.account_id.is_none()
                && (self.logon_domain.is_none() || other.logon_domain.is_none()))
    }

    /// A report of the same account ([`Self::same_account`]) in `reports` generated after this
    /// one, if any: this one is then not the account's latest. A report that does not say when
    /// it was generated counts as generated now, as the checks judge it. A report that names no
    /// account, and whose users' logon domain does not either, has none: nothing says it is
    /// another's older report.
    pub fn newer_in<'a>(&self, reports: &'a [ReportSummary]) -> Option<&'a ReportSummary> {
        reports.iter().find(|other| {
            self.same_account(other) && other.generated_order() > self.generated_order()
        })
    }

    /// When the report was generated, as reports are ordered by it ([`time_order`]).
    pub fn generated_order(&self) -> (bool, Option<&str>) {
        time_order(self.generated_time.as_deref())
    }

    /// The name of the file it was read from, as given: `source` without its number.
    pub fn file(&self) -> &str {
        self.numbered_from.as_deref().unwrap_or(&self.source)
    }

    /// How `self` repeats `loaded`, if it does: the same bytes, the same account's report
    /// generated at the same time, or the built-in sample again (its times follow the clock, so
    /// its bytes differ from one load to the next).
    ///
    /// `stated_times`: the generation times are the reports' own, not one the user gave them
    /// all (then every report has it, and it tells none apart).
    pub fn repeats(&self, loaded: &ReportSummary, stated_times: bool) -> Option<Duplicate> {
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        let what = if self.sha256 == loaded.sha256
            && self.rows == loaded.rows
            && self.generated_time == loaded.generated_time
        {
            Some("the same bytes")
        } else if stated_times
            && same(&self.account_id, &loaded.account_id)
            && same(&self.generated_time, &loaded.generated_time)
        {
            Some("the same account's report, generated at the same time,")
        } else if self.source == crate::sample::SAMPLE_SOURCE
            && loaded.source == crate::sample::SAMPLE_SOURCE
            && same(&self.account_id, &loaded.account_id)
        {
            Some("the sample report")
        } else {
            None
        };
        what.map(|what| Duplicate {
            source_name: self.source.clone(),
            of: loaded.source.clone(),
            what: what.to_owned(),
        })
    }
}

impl From<&Report> for ReportSummary {
    fn from(r: &Report) -> Self {
        ReportSummary {
            source: r.source.clone(),
            numbered_from: None,
            form: r.form,
            pages: r.pages,
            rows: r.rows.len(),
            account_id: r.account_id.clone(),
            generated_time: r.generated_time.clone(),
            extra_columns: r.extra_columns.clone(),
            warnings: r.warnings.clone(),
            warnings_dropped: r.warnings_dropped,
            sha256: r.sha256.clone(),
            time_given: false,
            account_given: false,
            account_from: None,
            logon_domain: r.logon_domain.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Regression: the page's heading said "Loaded: 7019 users" for last month's report and this
    /// month's of a 3,518-user account.
    #[test]
    fn several_reports_are_counted_in_rows_not_users() {
        assert_eq!(loaded_amount(1, 3518), "3518 users");
        assert_eq!(loaded_amount(1, 1), "1 user");
        assert_eq!(loaded_amount(2, 7019), "2 reports, 7019 rows");
    }

    #[test]
    fn byte_counts_read_as_ls_h_reads_them_never_less_than_they_are() {
        const M: usize = 1024 * 1024;
        for (n, said) in [
            (0, "0 bytes"),
            (1023, "1023 bytes"),
            (1024, "1 KB"),
            (1025, "1.1 KB"),
            (10 * 1024 - 1, "10 KB"),
            (10 * 1024 + 1, "11 KB"),
            (200 * 1024, "200 KB"),
            // Rounded up to 1,024 KB: 1.0 MB, not "1024 KB".
            (1_048_000, "1.0 MB"),
            (M, "1 MB"),
            (M + 1, "1.1 MB"),
            // A weekly report of 3,500 users as the API's JSON: not "2 MB".
            (1_051_809, "1.1 MB"),
            (10 * M + 1, "11 MB"),
            (16 * M + 1, "17 MB"),
            (64 * M, "64 MB"),
            (64 * M + 1, "65 MB"),
            (1024 * M, "1 GB"),
            (3 * 1024 * M / 2, "1.5 GB"),
            (
                usize::MAX,
                if usize::BITS == 64 {
                    "17179869184 GB"
                } else {
                    // One byte under 4 GB: never said to be less than it is.
                    "4.0 GB"
                },
            ),
        ] {
            assert_eq!(bytes_text(n), said, "{n}");
        }
    }

    fn report(source: &str, account: Option<&str>, time: Option<&str>) -> ReportSummary {
        ReportSummary {
            source: source.into(),
            numbered_from: None,
            form: crate::input::Form::Csv,
            pages: 1,
            rows: 1,
            account_id: account.map(Into::into),
            generated_time: time.map(Into::into),
            extra_columns: Vec::new(),
            warnings: Vec::new(),
            warnings_dropped: 0,
            sha256: String::new(),
            time_given: false,
            account_given: false,
            account_from: None,
            logon_domain: None,
        }
    }

    /// A console CSV whose users log on at `domain`, so it names no account.
    fn logging_on_at(source: &str, account: Option<&str>, domain: &str) -> ReportSummary {
        ReportSummary {
            logon_domain: Some(domain.into()),
            ..report(source, account, None)
        }
    }

    fn sources(reports: &[ReportSummary]) -> Vec<&str> {
        latest(reports).iter().map(|r| r.source.as_str()).collect()
    }

    /// Regression: Compare's choices and the loaded older reports were in the order loaded, so
    /// weekly reports picked together, or kept and loaded again, read 2025-08-28, 2025-07-31,
    /// 2025-09-11, 2025-07-24…: a person looking for last month's read them all.
    #[test]
    fn reports_are_listed_by_account_then_oldest_first_whatever_order_they_were_loaded_in() {
        let reports = [
            report("b-jun", Some("2"), Some("2024-06-01 00:00:00")),
            report("a-undated", Some("1"), None),
            report("a-jun", Some("1"), Some("2024-06-01 00:00:00")),
            report("b-apr", Some("2"), Some("2024-04-01 00:00:00")),
            report("a-may", Some("1"), Some("2024-05-01 00:00:00")),
            report("a-undated-2", Some("1"), None),
            report("b-may", Some("2"), Some("2024-05-01 00:00:00")),
        ];
        let named = |listed: Vec<&ReportSummary>| -> Vec<String> {
            listed.iter().map(|r| r.source.clone()).collect()
        };
        assert_eq!(
            named(in_time_order(&reports)),
            [
                "b-apr",
                "b-may",
                "b-jun",
                "a-may",
                "a-jun",
                "a-undated",
                "a-undated-2"
            ]
        );
        assert_eq!(named(older(&reports)), ["b-apr", "b-may", "a-may", "a-jun"]);
    }

    #[test]
    fn each_account_keeps_its_report_generated_last_in_load_order() {
        let reports = [
            report("b-new", Some("2"), Some("2024-06-01 00:00:00")),
            report("a-old", Some("1"), Some("2024-05-01 00:00:00")),
            report("a-new", Some("1"), Some("2024-06-01 00:00:00")),
            report("b-old", Some("2"), Some("2024-04-01 00:00:00")),
        ];
        assert_eq!(sources(&reports), ["b-new", "a-new"]);
        // The older ones as `in_time_order` lists them: the account loaded first, first.
        assert_eq!(
            left_out_note(&reports).as_deref(),
            Some("the checks judge each account's latest report; 2 reports are older: b-old (2024-04-01 00:00:00), a-old (2024-05-01 00:00:00)")
        );
        assert_eq!(left_out_note(&reports[..1]), None);
    }

    /// Regression: with a year of weekly reports loaded, the Checks view's note named all 51
    /// older ones with their times, a phone's screen of names before the first check. It names
    /// three and how many more (the loaded reports' card lists them all).
    #[test]
    fn a_year_of_weekly_reports_is_noted_in_a_line() {
        let first = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        let times: Vec<String> = (0..52)
            .map(|week| format!("{} 00:00:00", first + chrono::Days::new(7 * week)))
            .collect();
        let names: Vec<String> = (1..=52)
            .map(|week| format!("week-{week:02}.json"))
            .collect();
        let reports: Vec<ReportSummary> = (names.iter().zip(&times))
            .map(|(name, time)| report(name, Some("1"), Some(time)))
            .collect();
        assert_eq!(sources(&reports), ["week-52.json"]);
        assert_eq!(
            left_out_note(&reports).unwrap(),
            "the checks judge each account's latest report; 51 reports are older: week-01.json (2026-01-02 00:00:00), week-02.json (2026-01-09 00:00:00), week-03.json (2026-01-16 00:00:00) and 48 more"
        );
    }

    #[test]
    fn two_undated_reports_of_one_account_are_named_as_judged_twice() {
        let reports = [
            report("oct.csv", Some("1"), None),
            report("nov.json", Some("1"), Some("2026-11-01 00:00:00")),
            report("dec.csv", Some("1"), None),
            report("other.csv", Some("2"), None),
            report("nobody.csv", None, None),
        ];
        let groups = alike(&reports);
        let names: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|r| r.source.as_str()).collect())
            .collect();
        assert_eq!(names, vec![vec!["oct.csv", "dec.csv"]]);
        assert_eq!(
            alike_note(&reports).unwrap(),
            "oct.csv, dec.csv are reports of account 1 that do not say when they were generated: none can be told older, so the checks judge them all and count each of their users once per report"
        );
        assert_eq!(alike_note(&reports[1..]), None);
        assert!(alike_latest_note(&reports)
            .unwrap()
            .ends_with("per report; alicloud_ram_credential_report_latest holds them all"));
    }

    /// Regression: two console CSVs of an account whose users log on with its alias
    /// (`alice@corp.onaliyun.com`) name no account, so both were judged, each user twice, the
    /// root's checks in alarm twice, and nothing said so.
    #[test]
    fn reports_of_unknown_accounts_are_named_as_perhaps_judged_twice() {
        let reports = [
            report("oct.csv", None, None),
            report("nov.json", None, Some("2026-11-01 00:00:00")),
            report("other.csv", Some("2"), None),
        ];
        assert_eq!(
            alike_note(&reports).unwrap(),
            "oct.csv, nov.json do not say which account they are of (nor do their users' logon names): should they be one account's reports, none can be told older, so the checks judge them all and count each of their users once per report"
        );
        assert_eq!(alike_note(&reports[1..]), None);
    }

    /// Regression: a console CSV whose users log on with the account's alias names no account;
    /// beside last month's report of that account fetched through the API (which names it),
    /// both were judged, each user twice, and nothing said so. The alias names the account:
    /// this month's CSV is its latest report.
    #[test]
    fn a_csv_whose_users_log_on_at_an_accounts_alias_is_that_accounts_report() {
        let fetched = ReportSummary {
            generated_time: Some("2026-11-01 00:00:00".into()),
            ..logging_on_at("nov.json", Some("1"), "corp.onaliyun.com")
        };
        let reports = [
            logging_on_at("dec.csv", None, "corp.onaliyun.com"),
            logging_on_at("other.csv", None, "else.onaliyun.com"),
            fetched,
        ];
        assert!(reports[0].same_account(&reports[2]) && !reports[0].same_account(&reports[1]));
        assert_eq!(sources(&reports), ["dec.csv", "other.csv"]);
        assert_eq!(alike_note(&reports), None);
        assert_eq!(
            left_out_note(&reports).unwrap(),
            "the checks judge each account's latest report; 1 report is older: nov.json (2026-11-01 00:00:00)"
        );
    }

    #[test]
    fn an_account_is_said_by_its_id_else_its_users_logon_domain() {
        let said = |account, domain: Option<&str>| {
            let r = ReportSummary {
                logon_domain: domain.map(str::to_owned),
                ..report("r.csv", account, None)
            };
            r.account_said()
        };
        assert_eq!(said(Some("1"), Some("corp.onaliyun.com")), "account 1");
        assert_eq!(
            said(None, Some("corp.onaliyun.com")),
            "account …@corp.onaliyun.com"
        );
        // Regression: the page's card said "account unknown account".
        assert_eq!(said(None, None), "account unknown");
    }

    /// Two console CSVs of an account with an alias are one account's: undated, neither is the
    /// older, and a time given to each tells them apart, as it does a numbered account's.
    #[test]
    fn csvs_whose_users_log_on_at_one_alias_are_one_accounts() {
        let reports = [
            logging_on_at("oct.csv", None, "corp.onaliyun.com"),
            logging_on_at("nov.csv", None, "corp.onaliyun.com"),
        ];
        let groups = alike(&reports);
        assert_eq!(groups.len(), 1);
        assert!(told_apart_by_time(&groups[0]));
        assert_eq!(
            alike_note(&reports).unwrap(),
            "oct.csv, nov.csv are reports of account …@corp.onaliyun.com that do not say when they were generated: none can be told older, so the checks judge them all and count each of their users once per report"
        );
        let timed = |r: &ReportSummary, t: &str| ReportSummary {
            generated_time: Some(t.into()),
            ..r.clone()
        };
        let given = [
            timed(&reports[0], "2026-10-01 00:00:00"),
            timed(&reports[1], "2026-11-01 00:00:00"),
        ];
        assert_eq!(sources(&given), ["nov.csv"]);
        assert_eq!(alike_note(&given), None);
    }

    /// Regression: two console CSVs whose users log on with two accounts' aliases were warned of
    /// as perhaps one account's.
    #[test]
    fn unknown_accounts_whose_users_log_on_to_two_domains_are_two() {
        let reports = [
            logging_on_at("a.csv", None, "corp.onaliyun.com"),
            logging_on_at("b.csv", None, "else.onaliyun.com"),
        ];
        assert_eq!(alike_note(&reports), None);
        // A report with no users but its root tells nothing: it may be either's.
        let bare = report("root-only.csv", None, None);
        assert_eq!(alike(&[reports[0].clone(), bare]).len(), 1);
    }

    /// Regression: two reports of one account given one time (`--generated-time` gives every
    /// file of a load the same) were judged together with no warning: the root's checks in
    /// alarm twice for one account.
    #[test]
    fn reports_of_one_account_given_one_time_are_named_as_judged_twice() {
        let t = Some("2026-12-01 00:00:00");
        let reports = [
            report("a.csv", Some("1"), t),
            report("b.csv", Some("1"), t),
            report("c.csv", Some("1"), Some("2026-11-01 00:00:00")),
        ];
        assert_eq!(
            alike_note(&reports).unwrap(),
            "a.csv, b.csv are reports of account 1 given one generation time (2026-12-01 00:00:00): none can be told older, so the checks judge them all and count each of their users once per report"
        );
        assert_eq!(alike_note(&reports[1..]), None);
        // Two of one older time beside a newer report are not judged: nothing to say.
        let newer = report("d.csv", Some("1"), Some("2026-12-02 00:00:00"));
        assert_eq!(
            alike_note(&[reports[0].clone(), reports[1].clone(), newer]),
            None
        );
    }

    #[test]
    fn an_unstated_time_is_now_and_an_unknown_account_is_always_kept() {
        let reports = [
            report("stated", Some("1"), Some("2024-06-01 00:00:00")),
            report("console", Some("1"), None),
            report("who-1", None, Some("2024-05-01 00:00:00")),
            report("who-2", None, Some("2024-06-01 00:00:00")),
        ];
        assert_eq!(sources(&reports), ["console", "who-1", "who-2"]);
        assert!(latest(&[]).is_empty());
    }
}
