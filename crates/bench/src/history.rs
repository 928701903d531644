//! A growing history, as the periodic review keeps it: one account's weekly reports, loaded one
//! at a time. Natively, each load's time (a load compares nothing), the first read of the
//! changes table after them (every pair compared), and each load followed by a read of the
//! changes (one pair compared each time, so the last should cost what the second does); in the
//! page, kept on the device, the time from opening the page until every kept report is loaded
//! again (the page loads them one at a time).

use std::path::Path;
use std::time::Instant;

use chrono::Duration;
use credreport_core::{Database, Input, LoadOptions, QueryOptions};
use credreport_testkit::{cdp, Driver};
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{
    click, last_measure, load_url, number, session, timed_click, wait, CHECKS_SUMMARY,
};
use crate::{fixed_now, SIZES};

/// Half a year of weekly reviews.
pub const WEEKS: usize = 24;

/// Users in each report: a real account's.
const USERS: usize = SIZES[0];

/// Users who leave the account each week, and as many who join.
const TURNOVER: usize = 20;

/// The weekly reports, oldest first: a file name and the JSON of `GetCredentialReport` (which
/// says when it was generated), the last generated at [`fixed_now`]. One account's users, as a
/// real account's reviews see them: each week the [`TURNOVER`] longest listed leave and as many
/// join, and keys and logons age with the report's time, so checks go into alarm and out.
pub fn weekly_reports() -> Vec<(String, String)> {
    use base64::Engine as _;
    let first = fixed_now() - Duration::weeks((WEEKS - 1) as i64);
    // Everyone who is ever a user, made as of the first week, so nothing is dated after a
    // report that lists it.
    let everyone = credreport_core::sample::synthetic_csv(
        USERS + TURNOVER * WEEKS,
        "1000000000000001",
        0,
        first,
    );
    let lines: Vec<&str> = everyone.lines().collect();
    // The header and the root's line, then the users.
    let (head, users) = lines.split_at(2);
    (0..WEEKS)
        .map(|week| {
            let time = first + Duration::weeks(week as i64);
            let listed = &users[TURNOVER * week..TURNOVER * week + USERS - 1];
            let csv = (head.iter().chain(listed))
                .map(|l| format!("{l}\n"))
                .collect::<String>();
            let json = json!({
                "GeneratedTime": time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                "Content": base64::engine::general_purpose::STANDARD.encode(csv),
            });
            (format!("week-{week:02}.json"), json.to_string())
        })
        .collect()
}

pub struct Native {
    /// Milliseconds for each load, oldest report first. A load compares nothing.
    pub loads_ms: Vec<f64>,
    /// After every load, the first read of the changes table: every pair compared then.
    pub changes_ms: f64,
    /// The changes table's rows then: what changed over the weeks.
    pub changes: usize,
    /// Each load followed by a read of the changes table (the review that asks what changed
    /// every week): the load and its one comparison, milliseconds, oldest report first.
    pub weekly_ms: Vec<f64>,
}

/// What reads the changes table.
const CHANGES: &str = "select count(*) from alicloud_ram_credential_report_changes";

/// Load the weekly reports one at a time into one database, timing each load, then the first
/// read of the changes; then again into another, reading the changes after each load.
pub fn native() -> Result<Native, String> {
    let reports = weekly_reports();
    let timed = |work: &mut dyn FnMut() -> Result<(), String>| -> Result<f64, String> {
        let start = Instant::now();
        work()?;
        Ok(start.elapsed().as_secs_f64() * 1000.0)
    };
    let load = |db: &mut Database, name: &str, json: &str| {
        db.load(
            &[Input::new(name, json.as_bytes())],
            &LoadOptions::default(),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    let read = |db: &mut Database| {
        db.query(CHANGES, &QueryOptions::default())
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let mut db = Database::new().map_err(|e| e.to_string())?;
    let loads_ms = (reports.iter())
        .map(|(name, json)| timed(&mut || load(&mut db, name, json)))
        .collect::<Result<Vec<_>, _>>()?;
    let changes_ms = timed(&mut || read(&mut db))?;
    let changes = (db.query(CHANGES, &QueryOptions::default()))
        .map_err(|e| e.to_string())?
        .rows
        .first()
        .and_then(|r| match r.first() {
            Some(credreport_core::Value::Integer(n)) => Some(*n as usize),
            _ => None,
        })
        .unwrap_or(0);
    let mut db = Database::new().map_err(|e| e.to_string())?;
    let weekly_ms = (reports.iter())
        .map(|(name, json)| {
            timed(&mut || {
                load(&mut db, name, json)?;
                read(&mut db)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Native {
        loads_ms,
        changes_ms,
        changes,
        weekly_ms,
    })
}

pub struct Page {
    /// The page's own load of the last weekly report, milliseconds (`credreport:ingest`).
    pub last_load_ms: f64,
    /// From navigation start until the page shows every kept report loaded, milliseconds.
    pub reopen_ms: f64,
    /// From navigation start until the query's answer counts every kept user, milliseconds.
    pub reopen_answer_ms: f64,
    /// Then from the click on the Checks view until its summary shows, and until *Over time*
    /// shows a row for each kept report, milliseconds.
    pub checks_ms: f64,
    pub trend_ms: f64,
    /// The page opened once more, the trend's points kept with the reports by then: from the
    /// click on the Checks view until *Over time* shows a row for each kept report.
    pub trend_kept_ms: f64,
    /// In the page opened again, then once more (each pair's changes kept by then): from the
    /// click on Run until a query counting the changes table's rows answers.
    pub changes_ms: f64,
    pub changes_kept_ms: f64,
}

/// Count the changes table's rows, as a user asking what changed does; the milliseconds, timed
/// in the page, from the click on Run until the answer.
async fn read_changes(client: &Client) -> Result<f64, String> {
    let editor = (client.find(Locator::Css("[data-testid=sql-editor]")).await)
        .map_err(|e| format!("sql-editor: {e}"))?;
    editor.clear().await.map_err(|e| e.to_string())?;
    (editor
        .send_keys("select count(*) from alicloud_ram_credential_report_changes")
        .await)
        .map_err(|e| e.to_string())?;
    let before = number(
        client,
        "return performance.getEntriesByName('credreport:query').length",
    )
    .await?;
    let answered = format!("performance.getEntriesByName('credreport:query').length > {before}");
    Ok(timed_click(client, "run-query", &[&answered]).await?[0])
}

/// The summary's heading once `reports` weekly reports are loaded.
fn loaded(reports: usize) -> String {
    format!(
        "(document.querySelector('[data-testid=loaded-summary]') || {{}}).textContent?.includes('Loaded: {}')",
        credreport_core::loaded_amount(reports, reports * USERS)
    )
}

/// The page's default query answered, for the `queries`-th time: it lists the users of the
/// latest weekly report.
fn answered(queries: usize) -> String {
    format!(
        "performance.getEntriesByName('credreport:query').length >= {queries} && document.querySelector('[data-testid=row-count]')?.textContent.startsWith('{USERS} rows')"
    )
}

/// In a fresh browser: turn keeping on, load the weekly reports (written to `site/history/`)
/// one at a time from the URL form, then open the page again.
pub async fn page(driver: &Driver, work: &Path, site: &Path, base: &str) -> Result<Page, String> {
    let dir = site.join("history");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let reports = weekly_reports();
    for (name, json) in &reports {
        std::fs::write(dir.join(name), json).map_err(|e| e.to_string())?;
    }
    let client = session(driver, &work.join("profile-history"), None).await?;
    client.goto(base).await.map_err(|e| e.to_string())?;
    // The choice is disabled until the page has asked the browser for its storage.
    wait(
        &client,
        "document.querySelector('[data-testid=keep-local]')?.disabled === false",
    )
    .await?;
    click(&client, "keep-local").await?;
    wait(
        &client,
        "document.querySelector('[data-testid=keep-local]').checked",
    )
    .await?;
    let mut last_load_ms = f64::NAN;
    for (i, (name, _)) in reports.iter().enumerate() {
        load_url(&client, &format!("{base}history/{name}")).await?;
        last_load_ms = last_measure(&client, "credreport:ingest", i as u64).await?;
        wait(&client, &loaded(i + 1)).await?;
        // One load at a time: its query answered too before the next URL is typed.
        wait(&client, &answered(i + 1)).await?;
    }
    // Every load kept on the device before the page opens again.
    wait(
        &client,
        &format!("document.querySelectorAll('[data-testid=kept]').length === {WEEKS}"),
    )
    .await?;
    for (condition, name) in [(loaded(WEEKS), "__loaded"), (answered(1), "__answered")] {
        cdp(
            &client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": crate::answer::watcher_as(&condition, name) }),
        )
        .await?;
    }
    client.goto(base).await.map_err(|e| e.to_string())?;
    wait(
        &client,
        "window.__loaded !== undefined && window.__answered !== undefined",
    )
    .await?;
    let reopen_ms = number(&client, "return window.__loaded").await?;
    let reopen_answer_ms = number(&client, "return window.__answered").await?;
    let trend = format!(
        "document.querySelectorAll('[data-testid=trend-table] tbody tr').length === {WEEKS}"
    );
    // The editor is the query view's: the changes are read before the Checks view opens.
    let changes_ms = read_changes(&client).await?;
    let shown = timed_click(&client, "view-checks", &[CHECKS_SUMMARY, &trend]).await?;
    // Each report's point and each pair's changes kept on the device, then the page opened
    // once more: the next week's review, before its new report.
    let points_kept = format!(
        "await (async () => {{ try {{ \
         const d = await (await navigator.storage.getDirectory()).getDirectoryHandle('credreport'); \
         const read = async (name) => JSON.parse(await (await (await d.getFileHandle(name)).getFile()).text()); \
         const library = await read('library.json'), changes = await read('changes.json'); \
         return (library.points || []).length >= {WEEKS} && changes.pairs.length >= {}; \
         }} catch (e) {{ return false; }} }})()",
        WEEKS - 1
    );
    wait(&client, &points_kept).await?;
    client.goto(base).await.map_err(|e| e.to_string())?;
    wait(&client, &loaded(WEEKS)).await?;
    wait(&client, &answered(1)).await?;
    let changes_kept_ms = read_changes(&client).await?;
    let again = timed_click(&client, "view-checks", &[&trend]).await?;
    let _ = client.close().await;
    Ok(Page {
        last_load_ms,
        reopen_ms,
        reopen_answer_ms,
        checks_ms: shown[0],
        trend_ms: shown[1],
        trend_kept_ms: again[0],
        changes_ms,
        changes_kept_ms,
    })
}
