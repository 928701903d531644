//! Shared helpers: running the binary, fixture files.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub use credreport_testkit::{temp_file, Scratch, TempFile};

pub const BIN: &str = env!("CARGO_BIN_EXE_credreport");

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `credreport` with arguments and standard input.
pub fn credreport(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("credreport starts");
    child.stdin.take().unwrap().write_all(stdin).ok();
    child.wait_with_output().unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub const HEADER: &str = "user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used,additional_access_key_1_exist,additional_access_key_1_active,additional_access_key_1_last_rotated,additional_access_key_1_last_used,additional_access_key_2_exist,additional_access_key_2_active,additional_access_key_2_last_rotated,additional_access_key_2_last_used,additional_access_key_3_exist,additional_access_key_3_active,additional_access_key_3_last_rotated,additional_access_key_3_last_used";

/// A one-user report row with this user name and console password, no MFA.
pub fn row(user: &str) -> String {
    format!("{user},2020-02-02T02:02:02Z,2024-05-01T08:00:00Z,TRUE,TRUE,2020-02-02T02:02:02Z,N/A,FALSE,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A")
}

/// A report without the lines that mention `user`: the same account, a user removed since.
pub fn without_user(report: &[u8], user: &str) -> Vec<u8> {
    String::from_utf8_lossy(report)
        .lines()
        .filter(|l| !l.contains(user))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes()
}

/// Two console CSVs of one account (five users each, as of now), `names` their files: like
/// last month's and this month's downloads, neither says when it was generated.
pub fn two_console_csvs(names: [&str; 2]) -> (TempFile, TempFile) {
    let now = chrono::Utc::now();
    let csv = |seed| credreport_core::sample::synthetic_csv(5, "1234567890123456", seed, now);
    (
        temp_file(names[0], csv(1).as_bytes()),
        temp_file(names[1], csv(2).as_bytes()),
    )
}

/// `file` marked as last saved `hours` before now, as a download that long ago is: the time it
/// was marked with.
pub fn saved_hours_ago(file: &TempFile, hours: i64) -> chrono::DateTime<chrono::Utc> {
    let at = chrono::Utc::now() - chrono::Duration::hours(hours);
    (std::fs::File::options().write(true).open(file))
        .and_then(|f| f.set_modified(at.into()))
        .unwrap();
    at
}

/// `file` (a report of [`two_console_csvs`]) as `name`, its users logging on at the account's
/// alias, `corp.onaliyun.com`, as a console CSV of an account with an alias names them.
pub fn at_alias(file: &TempFile, name: &str) -> TempFile {
    let csv = std::fs::read_to_string(file).unwrap();
    let csv = csv.replace("@1234567890123456.onaliyun.com", "@corp.onaliyun.com");
    temp_file(name, csv.as_bytes())
}

/// A credential report as `GetCredentialReport` returns it, generated at `time`.
pub fn api_json(csv: &[u8], time: &str) -> Vec<u8> {
    use base64::Engine as _;
    format!(
        r#"{{"GeneratedTime":"{time}","RequestId":"R","Content":"{}","IsTruncated":false}}"#,
        base64::engine::general_purpose::STANDARD.encode(csv)
    )
    .into_bytes()
}

/// [`api_json`] as a fetch from the account writes it: naming the account, `account`.
pub fn fetched_json(csv: &[u8], time: &str, account: &str) -> Vec<u8> {
    let json = String::from_utf8(api_json(csv, time)).unwrap();
    json.replacen('{', &format!(r#"{{"AccountId":"{account}","#), 1)
        .into_bytes()
}

/// The sample as generated on 1 October 2026 (`october.json`), and on 1 November (`november.json`)
/// without the user `gone`: one account's reports a month apart, as `GetCredentialReport` returns
/// them.
pub fn two_months(gone: &str) -> (TempFile, TempFile) {
    let sample = credreport(&["sample"], b"").stdout;
    let october = temp_file("october.json", &api_json(&sample, "2026-10-01T00:00:00Z"));
    let november = temp_file(
        "november.json",
        &api_json(&without_user(&sample, gone), "2026-11-01T00:00:00Z"),
    );
    (october, november)
}

/// [`two_months`] and, a month before them, the sample as generated on 1 September 2026
/// (`september.json`): three of one account's reports, oldest first.
pub fn three_months(gone: &str) -> [TempFile; 3] {
    let (october, november) = two_months(gone);
    let sample = credreport(&["sample"], b"").stdout;
    let september = temp_file("september.json", &api_json(&sample, "2026-09-01T00:00:00Z"));
    [september, october, november]
}
