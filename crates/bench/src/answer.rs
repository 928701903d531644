//! Time to answer, as a user waits for it: from the moment a link opens (navigation start) until
//! the answer is in the page, in a fresh browser each time. Timed from outside the page: a script
//! the DevTools protocol runs before the page's own watches every change to the document and
//! notes `performance.now()` when the answer first shows, so the page's own marks play no part
//! and a plain page is timed the same way.
//!
//! Beside credreport, the same reports in a bare page anyone could write in an afternoon:
//! sql.js (SQLite in WebAssembly) and PapaParse from npm, the report fetched while sql.js
//! starts, the same table and the same mapping of values, then the same count.

use std::path::Path;

use credreport_testkit::{cdp, Driver, SERVICE_WORKER_CONTROLS};
use fantoccini::Client;
use serde_json::json;

use crate::browser::{click, eval, number, session, wait};
use crate::{median, SIZES};

/// The bare page (`bare/index.html` beside the app); it says `Loaded N users` when done.
const BARE_PAGE: &str = include_str!("bare.html");

/// One link, timed on a first visit (nothing cached) and on the next visit in the same browser
/// (the HTTP cache and, for credreport, its service worker and V8's code cache).
pub struct Answer {
    pub what: String,
    /// The rows of the report the link loads, when the targets judge this row.
    pub rows: Option<usize>,
    pub first_ms: f64,
    pub next_ms: f64,
    /// The fastest and the slowest first visit until the answer, over `runs` fresh browsers
    /// (none for the first paint).
    pub first_range: Option<(f64, f64)>,
    pub runs: usize,
    /// The bare page's first and next visit, for the reports.
    pub bare: Option<(f64, f64)>,
}

/// Put the bare page and the npm files it uses (from `tools`, where `cargo xtask bench`
/// installed them) in `site/bare/`.
pub fn write_bare_page(site: &Path, tools: &Path) -> Result<(), String> {
    let dir = site.join("bare");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for (from, name) in [
        ("sql.js/dist/sql-wasm.js", "sql-wasm.js"),
        ("sql.js/dist/sql-wasm.wasm", "sql-wasm.wasm"),
        ("papaparse/papaparse.min.js", "papaparse.min.js"),
    ] {
        let path = tools.join("node_modules").join(from);
        std::fs::copy(&path, dir.join(name)).map_err(|e| {
            format!(
                "{}: {e} (`cargo xtask bench` installs sql.js and papaparse)",
                path.display()
            )
        })?;
    }
    std::fs::write(dir.join("index.html"), BARE_PAGE).map_err(|e| e.to_string())
}

/// The script run before the page's own: notes when `condition` first holds, as
/// `window.__answered`.
pub(crate) fn watcher(condition: &str) -> String {
    watcher_as(condition, "__answered")
}

/// As [`watcher`], noting the time as `window.<name>`.
pub(crate) fn watcher_as(condition: &str, name: &str) -> String {
    format!(
        "(() => {{ const shown = () => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }}; \
         const o = new MutationObserver(() => {{ if (window.{name} === undefined && shown()) \
         {{ window.{name} = performance.now(); o.disconnect(); }} }}); \
         o.observe(document, {{ subtree: true, childList: true, characterData: true }}); }})();"
    )
}

/// One visit: milliseconds from navigation start until the answer shows, and until the page
/// first painted anything (the browser's first contentful paint).
#[derive(Clone, Copy)]
pub(crate) struct Visit {
    pub answered: f64,
    pub painted: f64,
}

/// The page (credreport's or the bare one) says it loaded a report of `rows` users.
pub(crate) fn loaded(rows: usize) -> String {
    format!(
        "(document.querySelector('[data-testid=status]') || {{}}).textContent?.includes('Loaded {rows} users')"
    )
}

/// The medians of a link's visits over fresh browsers, and the fastest and slowest first visit.
struct Timed {
    first: Visit,
    next: Visit,
    first_range: (f64, f64),
    runs: usize,
}

const FIRST_PAINT: &str = "performance.getEntriesByName('first-contentful-paint')";

/// A page that registers a service worker (credreport; not the bare page) is controlled by it.
fn settled() -> String {
    format!("!document.querySelector('link[rel=manifest]') || ({SERVICE_WORKER_CONTROLS})")
}

/// A fresh browser opens `url` twice (the second time as a returning visitor), each time until
/// `condition` holds.
pub(crate) async fn visits(
    driver: &Driver,
    profile: &Path,
    url: &str,
    condition: &str,
) -> Result<(Visit, Visit), String> {
    let client = session(driver, profile, None).await?;
    cdp(
        &client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": watcher(condition) }),
    )
    .await?;
    let mut times = Vec::new();
    for _ in 0..2 {
        // From a blank page, so the next visit is a new document even when only the
        // fragment differs.
        client
            .goto("about:blank")
            .await
            .map_err(|e| e.to_string())?;
        client.goto(url).await.map_err(|e| e.to_string())?;
        wait(&client, "window.__answered !== undefined").await?;
        wait(&client, &format!("{FIRST_PAINT}.length > 0")).await?;
        times.push(Visit {
            answered: number(&client, "return window.__answered").await?,
            painted: number(&client, &format!("return {FIRST_PAINT}[0].startTime")).await?,
        });
        // Whatever the page still does after the answer settles before the next visit: its
        // offline copy, made once the page has had nothing to do for a second.
        wait(&client, &settled()).await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let _ = client.close().await;
    Ok((times[0], times[1]))
}

/// Medians over `runs` fresh browsers.
async fn timed(
    driver: &Driver,
    work: &Path,
    tag: &str,
    url: &str,
    condition: &str,
    runs: usize,
) -> Result<Timed, String> {
    let (mut first, mut next) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let profile = work.join(format!("profile-answer-{tag}-{run}"));
        let (f, n) = visits(driver, &profile, url, condition).await?;
        first.push(f);
        next.push(n);
    }
    let medians = |visits: &[Visit]| Visit {
        answered: median(visits.iter().map(|v| v.answered).collect()),
        painted: median(visits.iter().map(|v| v.painted).collect()),
    };
    let answered = first.iter().map(|v| v.answered);
    let first_range = (
        answered.clone().fold(f64::INFINITY, f64::min),
        answered.fold(f64::NEG_INFINITY, f64::max),
    );
    Ok(Timed {
        first: medians(&first),
        next: medians(&next),
        first_range,
        runs,
    })
}

/// The share link a user copies after running a canned query on the sample, and the heading
/// its answer carries.
async fn share_link(driver: &Driver, work: &Path, base: &str) -> Result<(String, String), String> {
    let client: Client = session(driver, &work.join("profile-share"), None).await?;
    client
        .goto(&format!("{base}?sample"))
        .await
        .map_err(|e| e.to_string())?;
    wait(
        &client,
        "document.querySelector('[data-testid=results] tbody tr') !== null",
    )
    .await?;
    click(&client, "canned-console-without-mfa").await?;
    wait(
        &client,
        "document.querySelector('[data-testid=results-title]').textContent.includes('MFA')",
    )
    .await?;
    click(&client, "share-link").await?;
    wait(
        &client,
        "document.querySelector('[data-testid=share-url]') !== null",
    )
    .await?;
    let link = eval(
        &client,
        "const e = document.querySelector('[data-testid=share-url]'); return e.value || e.textContent",
    )
    .await?;
    let title = eval(
        &client,
        "return document.querySelector('[data-testid=results-title]').textContent",
    )
    .await?;
    let _ = client.close().await;
    match (link.as_str(), title.as_str()) {
        (Some(l), Some(t)) if l.contains('#') => Ok((l.to_owned(), t.to_owned())),
        _ => Err(format!("the page gave no share link: {link}")),
    }
}

pub async fn measure(driver: &Driver, work: &Path, base: &str) -> Result<Vec<Answer>, String> {
    let mut answers = Vec::new();
    for rows in SIZES {
        // Five browsers at 100,000 rows: with three, one slow next visit (1.3 s against 0.74 s
        // in the run after) was the median. Nine at 3,500, whose median is judged against a
        // target a few milliseconds away.
        let runs = if rows > 10_000 { 5 } else { 9 };
        eprintln!("  time to answer, {rows} rows…");
        let loaded = loaded(rows);
        let app = timed(
            driver,
            work,
            &format!("credreport-{rows}"),
            &format!("{base}?report=bench-{rows}.csv"),
            &loaded,
            runs,
        )
        .await?;
        let bare = timed(
            driver,
            work,
            &format!("bare-{rows}"),
            &format!("{base}bare/index.html?report=../bench-{rows}.csv"),
            &loaded,
            runs,
        )
        .await?;
        answers.push(Answer {
            what: format!("`?report=` {rows} rows, until the page says it loaded {rows} users"),
            rows: Some(rows),
            first_ms: app.first.answered,
            next_ms: app.next.answered,
            first_range: Some(app.first_range),
            runs: app.runs,
            bare: Some((bare.first.answered, bare.next.answered)),
        });
        if rows == SIZES[0] {
            answers.push(Answer {
                what: format!(
                    "`?report=` {rows} rows, until the page first shows anything (first contentful paint)"
                ),
                rows: None,
                first_ms: app.first.painted,
                next_ms: app.next.painted,
                first_range: None,
                runs: app.runs,
                bare: Some((bare.first.painted, bare.next.painted)),
            });
        }
    }
    let first_result = "document.querySelector('[data-testid=results] tbody tr') !== null";
    let sample = timed(
        driver,
        work,
        "sample",
        &format!("{base}?sample"),
        first_result,
        7,
    )
    .await?;
    answers.push(Answer {
        what: "`?sample`, until the first result".into(),
        rows: None,
        first_ms: sample.first.answered,
        next_ms: sample.next.answered,
        first_range: Some(sample.first_range),
        runs: sample.runs,
        bare: None,
    });
    let (link, title) = share_link(driver, work, base).await?;
    let shown = format!(
        "{first_result} && document.querySelector('[data-testid=results-title]').textContent === {}",
        serde_json::to_string(&title).unwrap_or_default()
    );
    let shared = timed(driver, work, "share", &link, &shown, 7).await?;
    answers.push(Answer {
        what: "a share link (`?sample#…`, a canned query), until its result".into(),
        rows: None,
        first_ms: shared.first.answered,
        next_ms: shared.next.answered,
        first_range: Some(shared.first_range),
        runs: shared.runs,
        bare: None,
    });
    Ok(answers)
}
