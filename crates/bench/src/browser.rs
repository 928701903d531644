//! Browser figures: the built page (dist/) served by `credreport serve`, driven through ChromeDriver
//! in headless Chromium. The page times its own work on the performance timeline
//! (`credreport:ingest`, `credreport:query`, `credreport:first-result`); this reads those entries.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use credreport_testkit::{chromium_args, copy_dir, served_address, Driver, Kill};
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::{median, report, workspace, SIZES};

pub struct Figures {
    /// Median ingest per size in [`SIZES`], milliseconds.
    pub ingest_ms: Vec<f64>,
    /// The same, loaded again in the same page (code compiled and optimized by then).
    pub warm_ingest_ms: Vec<f64>,
    /// A first visit again, with V8 told to compile all of the page's code, optimized, before
    /// it runs ([`AHEAD`]): what the first load costs apart from compiling.
    pub compiled_ingest_ms: Vec<f64>,
    /// Canned query name → median latency over the big table.
    pub canned_ms: Vec<(String, f64)>,
    /// The same for each canned query's PostgreSQL twin (the translated SQLite's run).
    pub canned_pg_ms: Vec<(String, f64)>,
    /// The translator module, loaded on the first PostgreSQL query (gzip as served).
    pub translator_bytes: u64,
    /// Everything the page loads on `?sample`, gzip as served (bytes).
    pub transfer_bytes: u64,
    pub resources: Vec<(String, u64)>,
    pub interactive_ms: f64,
    /// From the moment a link opens until its answer shows (`crate::answer`).
    pub answers: Vec<crate::answer::Answer>,
    /// Per size in [`SIZES`]: from a click on the Checks view until its summary shows (every
    /// check run in the worker, the outcomes read and drawn): the first open, which is what a
    /// user waits for, and the median of two opens after it.
    pub checks_view_ms: Vec<(f64, f64)>,
    /// Per size in [`SIZES`]: from a click on [`OPENED_CHECK`] in the Checks view until its
    /// first findings show: the first time (the worker makes the check's findings), and opened
    /// again after it was closed (the findings kept).
    pub check_opened_ms: Vec<(f64, f64)>,
    /// Weekly reports kept on the device, loaded one at a time, then the page opened again.
    pub history: crate::history::Page,
}

/// V8's flags for compiling every function with its optimizing compiler as the module is
/// instantiated, instead of lazily, first to baseline code, as it does by default. A page cannot
/// ask for this; the benchmark sets it only to tell compiling apart from running.
pub const AHEAD: &str = "--js-flags=--no-liftoff --no-wasm-lazy-compilation";

/// Where `cargo xtask` installs npm packages (it passes `CREDREPORT_TOOLS`).
fn tools_dir() -> std::path::PathBuf {
    std::env::var_os("CREDREPORT_TOOLS")
        .map(Into::into)
        .unwrap_or_else(|| {
            Path::new(&std::env::var_os("HOME").unwrap_or_default()).join(".cache/credreport-tools")
        })
}

pub fn measure(cli: &Path, work: &Path) -> Result<Figures, String> {
    let dist = workspace().join("dist");
    if !dist.join("index.html").is_file() {
        return Err("no dist/index.html: build the page first (`cargo xtask bench` does)".into());
    }
    let site = work.join("site");
    put_site(&dist, &site, &SIZES)?;
    crate::answer::write_bare_page(&site, &tools_dir())?;
    let (base, _server) = serve(cli, &site)?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let driver = Driver::start()?;
        let mut figures = Figures {
            ingest_ms: Vec::new(),
            warm_ingest_ms: Vec::new(),
            compiled_ingest_ms: Vec::new(),
            canned_ms: Vec::new(),
            canned_pg_ms: Vec::new(),
            translator_bytes: 0,
            transfer_bytes: 0,
            resources: Vec::new(),
            interactive_ms: 0.0,
            answers: Vec::new(),
            checks_view_ms: Vec::new(),
            check_opened_ms: Vec::new(),
            history: crate::history::Page {
                last_load_ms: f64::NAN,
                reopen_ms: f64::NAN,
                reopen_answer_ms: f64::NAN,
                checks_ms: f64::NAN,
                trend_ms: f64::NAN,
                trend_kept_ms: f64::NAN,
                changes_ms: f64::NAN,
                changes_kept_ms: f64::NAN,
            },
        };

        figures.answers = crate::answer::measure(&driver, work, &base).await?;

        // Page weight and time to interactive: a fresh profile each time, so nothing is cached.
        let mut interactive = Vec::new();
        for run in 0..5 {
            let client = session(&driver, &work.join(format!("profile-{run}")), None).await?;
            client
                .goto(&format!("{base}?sample"))
                .await
                .map_err(|e| e.to_string())?;
            wait(
                &client,
                "performance.getEntriesByName('credreport:first-result').length > 0",
            )
            .await?;
            let v = eval(
                &client,
                "const nav = performance.getEntriesByType('navigation')[0];
                 return {
                   dcl: nav.domContentLoadedEventEnd,
                   resources: [[location.pathname.split('/').pop() || 'index.html', nav.transferSize]]
                     .concat(performance.getEntriesByType('resource')
                       .map(e => [e.name.split('/').pop(), e.transferSize])),
                 };",
            )
            .await?;
            interactive.push(v["dcl"].as_f64().unwrap_or(f64::NAN));
            figures.resources = by_file(v["resources"].as_array().into_iter().flatten().map(|r| {
                (
                    r[0].as_str().unwrap_or("?").to_owned(),
                    r[1].as_u64().unwrap_or(0),
                )
            }));
            let _ = client.close().await;
        }
        figures.transfer_bytes = figures.resources.iter().map(|(_, n)| n).sum();
        figures.interactive_ms = median(interactive);

        // Ingest, as the page does it after `?report=` fetched the file. The first load is a
        // user's first visit: a fresh browser and profile each run, so V8 compiles the page's
        // code anew and has no code cache from an earlier visit.
        let mut page: Option<Client> = None;
        for rows in SIZES {
            let runs = if rows > 10_000 { 5 } else { 9 };
            let mut first = Vec::new();
            for run in 0..runs {
                if let Some(old) = page.take() {
                    let _ = old.close().await;
                }
                let profile = work.join(format!("profile-ingest-{rows}-{run}"));
                let (fresh, millis) = first_visit(&driver, &profile, None, &base, rows).await?;
                first.push(millis);
                page = Some(fresh);
            }
            figures.ingest_ms.push(median(first));
            let mut compiled = Vec::new();
            for run in 0..runs {
                let profile = work.join(format!("profile-ahead-{rows}-{run}"));
                let (fresh, millis) = first_visit(&driver, &profile, Some(AHEAD), &base, rows).await?;
                compiled.push(millis);
                let _ = fresh.close().await;
            }
            figures.compiled_ingest_ms.push(median(compiled));
            // The same file again in the last of those pages: V8 has compiled and tiered up the
            // code by now.
            let client = page.as_ref().expect("at least one run");
            eval(client, TRAFFIC).await?;
            let mut warm = Vec::new();
            for round in 1..=runs {
                // Cleared before the next load, or the load would find the report still there:
                // Clear is disabled until the page holds the last load's report.
                wait(client, "!document.querySelector('[data-testid=clear]').disabled").await?;
                click(client, "clear").await?;
                let cleared = "document.querySelector('[data-testid=loaded-summary]') === null";
                if let Err(e) = wait(client, cleared).await {
                    let traffic = eval(client, "return JSON.stringify(window.__traffic)").await;
                    return Err(format!(
                        "{e}; round {round}: the clicks, requests and answers since the warm \
                         loads began (ms, what, id): {}",
                        traffic.unwrap_or_default()
                    ));
                }
                load_url(client, &format!("{base}bench-{rows}.csv")).await?;
                warm.push(loaded(client, rows, round).await?);
            }
            figures.warm_ingest_ms.push(median(warm));
            let (mut checks, mut opened) = (Vec::new(), (0.0, 0.0));
            for round in 0..3 {
                checks.push(checks_view(client).await?);
                if round == 0 {
                    // Opened (the worker makes its findings), closed, opened again (kept).
                    let made = open_check(client).await?;
                    close_check(client).await?;
                    opened = (made, open_check(client).await?);
                }
                click(client, "view-query").await?;
            }
            let first = checks.remove(0);
            figures.checks_view_ms.push((first, median(checks)));
            figures.check_opened_ms.push(opened);
        }
        let client = page.expect("at least one run");

        // Canned queries over the big table (still loaded): a click each, several rounds; then
        // their PostgreSQL twins (the first click loads the translator).
        let names: Vec<&str> = credreport_core::canned::CANNED.iter().map(|c| c.name).collect();
        figures.canned_ms = click_rounds(&client, &names, "", 5).await?;
        let names: Vec<&str> = credreport_core::CANNED_POSTGRES.iter().map(|(n, _)| *n).collect();
        figures.canned_pg_ms = click_rounds(&client, &names, "-postgres", 3).await?;
        // What `serve` sends for the translator: its gzip files. (The page's own timing says 0
        // bytes for it here: its service worker fetched it.)
        figures.translator_bytes = translator_gzip_bytes(&dist)?;
        let _ = client.close().await;
        // Last: the kept reports' writes to the device and their browser's closing could slow
        // whatever ran after them.
        figures.history = crate::history::page(&driver, work, &site, &base).await?;
        Ok(figures)
    })
}

/// The translator's two gzip files (`credreport-pg-HASH.js.gz`, `credreport-pg-HASH_bg.wasm.gz`),
/// their bytes together.
fn translator_gzip_bytes(dist: &Path) -> Result<u64, String> {
    let why = |e: std::io::Error| format!("the translator's gzip files in {}: {e}", dist.display());
    let mut total = 0;
    let mut found = 0;
    for entry in std::fs::read_dir(dist).map_err(why)? {
        let entry = entry.map_err(why)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("credreport-pg-") && name.ends_with(".gz") {
            total += entry.metadata().map_err(why)?.len();
            found += 1;
        }
    }
    match found {
        2 => Ok(total),
        n => Err(format!(
            "{}: {n} gzip files of the translator, not its 2 (build the page again)",
            dist.display()
        )),
    }
}

/// From here on, the page logs in `window.__traffic` each click it is given and each request it
/// posts to its database worker and answer it gets back, for the bench to say where a Clear
/// stopped, should one not clear: three runs stopped when a Clear at 100,000 rows left the
/// report loaded for a minute, and the page's own words could not tell whether the click, the
/// request or its answer went missing. (The page reaches its worker through the prototype's
/// `postMessage`, looked up at each call.)
const TRAFFIC: &str = "
    const log = (...what) => window.__traffic.push([Math.round(performance.now()), ...what]);
    window.__traffic = [];
    const post = Worker.prototype.postMessage;
    const heard = new WeakSet();
    Worker.prototype.postMessage = function (message, transfer) {
        if (!heard.has(this)) {
            heard.add(this);
            this.addEventListener('message', (e) => log('answer', e.data[0], e.data[1] === null ? e.data[2] : 'ok'));
            this.addEventListener('error', (e) => log('worker error', String(e.message)));
        }
        const [id, request] = Array.isArray(message) ? message : [];
        log('request', id, typeof request === 'string' ? request.slice(0, 40) : '');
        return post.call(this, message, transfer);
    };
    document.addEventListener('click', (e) => log('click', e.target.dataset && e.target.dataset.testid), true);
    return true";

/// How long a fresh Chromium is left to finish starting before it is given a page. For about
/// 0.6 s after it starts, Chromium builds its own omnibox popup (a WebUI page in a renderer of
/// its own), which takes a core of this machine's two: a page opened meanwhile shares the
/// machine with it, where a user's browser, running already, has done that long before.
const BROWSER_STARTS_MS: u64 = 1500;

/// A copy of the built page `build` at `site`, with the synthetic report of each size in `rows`
/// beside it as `bench-ROWS.csv`.
pub(crate) fn put_site(build: &Path, site: &Path, rows: &[usize]) -> Result<(), String> {
    copy_dir(build, site).map_err(|e| format!("copying {}: {e}", build.display()))?;
    for &rows in rows {
        std::fs::write(site.join(format!("bench-{rows}.csv")), report(rows))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `credreport serve` serving `site` on a free port: its address, and the server, stopped when
/// dropped.
pub(crate) fn serve(cli: &Path, site: &Path) -> Result<(String, Kill), String> {
    let mut server = Command::new(cli)
        .args(["serve", "--addr", "127.0.0.1:0", "--dir"])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{}: {e}", cli.display()))?;
    let base = served_address(&mut server)?;
    Ok((base, Kill(server)))
}

/// A fresh Chromium with its own profile (nothing cached), and `extra` flags if given, once it
/// has finished starting.
pub(crate) async fn session(
    driver: &Driver,
    profile: &Path,
    extra: Option<&str>,
) -> Result<Client, String> {
    let mut args = chromium_args(profile);
    args.extend(extra.map(str::to_owned));
    let client = driver.session(&args, None).await?;
    tokio::time::sleep(std::time::Duration::from_millis(BROWSER_STARTS_MS)).await;
    Ok(client)
}

/// A first visit: a fresh browser opens `?report=bench-ROWS.csv`; the page and its load's duration.
async fn first_visit(
    driver: &Driver,
    profile: &Path,
    extra: Option<&str>,
    base: &str,
    rows: usize,
) -> Result<(Client, f64), String> {
    let client = session(driver, profile, extra).await?;
    client
        .goto(&format!("{base}?report=bench-{rows}.csv"))
        .await
        .map_err(|e| e.to_string())?;
    let millis = loaded(&client, rows, 0).await?;
    Ok((client, millis))
}

/// Wait for ingest number `before + 1` of the page; check it loaded `rows` users; its duration.
async fn loaded(client: &Client, rows: usize, before: u64) -> Result<f64, String> {
    let millis = last_measure(client, "credreport:ingest", before).await?;
    let status = eval(
        client,
        "return document.querySelector('[data-testid=status]').textContent",
    )
    .await?;
    if !status
        .as_str()
        .unwrap_or("")
        .contains(&format!("Loaded {rows} users"))
    {
        return Err(format!("the page did not load bench-{rows}.csv: {status}"));
    }
    Ok(millis)
}

/// Click `canned-NAME{suffix}` for each name, `rounds` times; the median `credreport:query`
/// duration per name.
async fn click_rounds(
    client: &Client,
    names: &[&str],
    suffix: &str,
    rounds: usize,
) -> Result<Vec<(String, f64)>, String> {
    let mut per: Vec<(String, Vec<f64>)> = names
        .iter()
        .map(|n| ((*n).to_owned(), Vec::new()))
        .collect();
    for _ in 0..rounds {
        for (name, times) in per.iter_mut() {
            let before = count(client, "credreport:query").await?;
            click(client, &format!("canned-{name}{suffix}")).await?;
            times.push(last_measure(client, "credreport:query", before).await?);
        }
    }
    Ok(per.into_iter().map(|(n, t)| (n, median(t))).collect())
}

/// Wait for the performance measure `name` to have more than `before` entries; the newest's
/// duration.
pub(crate) async fn last_measure(client: &Client, name: &str, before: u64) -> Result<f64, String> {
    wait(
        client,
        &format!("performance.getEntriesByName('{name}').length > {before}"),
    )
    .await?;
    let all = eval(
        client,
        &format!("return performance.getEntriesByName('{name}').map(e => e.duration)"),
    )
    .await?;
    Ok(all
        .as_array()
        .and_then(|a| a.last())
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN))
}

pub(crate) async fn click(client: &Client, testid: &str) -> Result<(), String> {
    client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .map_err(|e| format!("{testid}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("{testid}: {e}"))
}

/// Open the Checks view; the milliseconds, timed in the page, until its summary shows.
async fn checks_view(client: &Client) -> Result<f64, String> {
    let shown = timed_click(client, "view-checks", &[CHECKS_SUMMARY]).await?;
    Ok(shown[0])
}

/// The check the benchmark opens: one that judges every user, with alarms at every size.
pub const OPENED_CHECK: &str = "cis-1.4-console-users-mfa";

/// [`OPENED_CHECK`]'s element and, for a script, its first finding shown.
fn opened_check() -> (String, String) {
    let check = format!("[data-testid=\"check-{OPENED_CHECK}\"]");
    let shown = format!("document.querySelector('{check} table.findings tbody tr')");
    (check, shown)
}

/// Open [`OPENED_CHECK`] in the Checks view; the milliseconds, timed in the page, until its
/// first findings show.
async fn open_check(client: &Client) -> Result<f64, String> {
    let (check, shown) = opened_check();
    let opened = timed_click_on(client, &format!("{check} > summary"), &[&shown]).await?;
    Ok(opened[0])
}

/// Close [`OPENED_CHECK`], and wait until its findings are gone.
async fn close_check(client: &Client) -> Result<(), String> {
    let (check, shown) = opened_check();
    let gone = format!("!{shown}");
    timed_click_on(client, &format!("{check} > summary"), &[&gone]).await?;
    Ok(())
}

/// The Checks view's summary is on the page.
pub(crate) const CHECKS_SUMMARY: &str = "document.querySelector('[data-testid=checks-summary]')";

/// Click `testid`; for each condition (a script expression), the milliseconds, timed in the
/// page, from the click until it first holds.
pub(crate) async fn timed_click(
    client: &Client,
    testid: &str,
    conditions: &[&str],
) -> Result<Vec<f64>, String> {
    timed_click_on(client, &format!("[data-testid={testid}]"), conditions).await
}

/// Click what the CSS selector `what` finds; for each condition (a script expression), the
/// milliseconds, timed in the page, from the click until it first holds.
async fn timed_click_on(
    client: &Client,
    what: &str,
    conditions: &[&str],
) -> Result<Vec<f64>, String> {
    let checks: Vec<String> = conditions
        .iter()
        .map(|c| format!("() => !!({c})"))
        .collect();
    let script = format!(
        "const done = arguments[arguments.length - 1];
        const conditions = [{}];
        const seen = conditions.map(() => null);
        const start = performance.now();
        document.querySelector('{what}').click();
        const tick = () => {{
            conditions.forEach((c, i) => {{ if (seen[i] === null && c()) seen[i] = performance.now() - start; }});
            seen.every((t) => t !== null) ? done(seen) : setTimeout(tick, 5);
        }};
        tick();",
        checks.join(", ")
    );
    let times = client
        .execute_async(&script, vec![])
        .await
        .map_err(|e| format!("{what}: {e}"))?;
    serde_json::from_value(times).map_err(|e| format!("{what}: {e}"))
}

/// Type `url` in the page's URL form and load it.
pub(crate) async fn load_url(client: &Client, url: &str) -> Result<(), String> {
    let field = client
        .find(Locator::Css("[data-testid=report-url]"))
        .await
        .map_err(|e| e.to_string())?;
    field.clear().await.map_err(|e| e.to_string())?;
    field.send_keys(url).await.map_err(|e| e.to_string())?;
    // The field as typed, before the click submits it.
    wait(
        client,
        &format!(
            "document.querySelector('[data-testid=report-url]').value === {}",
            serde_json::Value::from(url)
        ),
    )
    .await?;
    click(client, "load-url").await
}

/// The number `script` returns (NaN when it returns none).
pub(crate) async fn number(client: &Client, script: &str) -> Result<f64, String> {
    Ok(eval(client, script).await?.as_f64().unwrap_or(f64::NAN))
}

pub(crate) async fn eval(client: &Client, script: &str) -> Result<Value, String> {
    client
        .execute(script, vec![])
        .await
        .map_err(|e| format!("{e}: {script}"))
}

async fn count(client: &Client, name: &str) -> Result<u64, String> {
    Ok(eval(
        client,
        &format!("return performance.getEntriesByName('{name}').length"),
    )
    .await?
    .as_u64()
    .unwrap_or(0))
}

/// Wait up to a minute for a JavaScript condition to hold.
pub(crate) async fn wait(client: &Client, condition: &str) -> Result<(), String> {
    for _ in 0..1200 {
        if eval(client, &format!("return {condition}")).await? == Value::Bool(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = eval(
        client,
        // What the page says: its status line, a load's error (a refused load or clear) and a
        // query's.
        "return ['status', 'load-error', 'error'].map(id => document.querySelector(`[data-testid=${id}]`)).filter(e => e && e.textContent.trim()).map(e => e.textContent.trim()).join(' | ')",
    )
    .await
    .unwrap_or_default();
    Err(format!(
        "timed out waiting for {condition}; the page says {status}"
    ))
}

/// One row a file, in the order the page first asked for each: a file asked for again (the
/// icon, which Chromium asks for twice, the second time from its cache) is one row with what
/// its requests transferred together, saying how many there were.
fn by_file(requests: impl Iterator<Item = (String, u64)>) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64, usize)> = Vec::new();
    for (name, bytes) in requests {
        match files.iter_mut().find(|(n, _, _)| *n == name) {
            Some((_, total, asked)) => {
                *total += bytes;
                *asked += 1;
            }
            None => files.push((name, bytes, 1)),
        }
    }
    files
        .into_iter()
        .map(|(name, bytes, asked)| match asked {
            1 => (name, bytes),
            n => (format!("{name} (asked for {n} times)"), bytes),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_asked_for_twice_is_one_row_of_the_weight_table() {
        let requests = [
            ("a.wasm", 900),
            ("icon.png", 1021),
            ("b.js", 10),
            ("icon.png", 0),
        ];
        let rows = super::by_file(requests.into_iter().map(|(n, b)| (n.to_owned(), b)));
        let rows: Vec<(&str, u64)> = rows.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        assert_eq!(
            rows,
            [
                ("a.wasm", 900),
                ("icon.png (asked for 2 times)", 1021),
                ("b.js", 10)
            ]
        );
    }

    #[test]
    fn the_translators_weight_is_its_two_gzip_files_whatever_their_hash() {
        let dir = std::env::temp_dir().join(format!("credreport-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in [
            ("credreport-pg-0123abcd.js", 500),
            ("credreport-pg-0123abcd.js.gz", 100),
            ("credreport-pg-0123abcd_bg.wasm.gz", 2000),
            ("credreport-web-99_bg.wasm.gz", 7000),
        ] {
            std::fs::write(dir.join(name), vec![0; bytes]).unwrap();
        }
        assert_eq!(super::translator_gzip_bytes(&dir), Ok(2100));
        std::fs::remove_file(dir.join("credreport-pg-0123abcd.js.gz")).unwrap();
        let said = super::translator_gzip_bytes(&dir).unwrap_err();
        assert!(
            said.ends_with("1 gzip files of the translator, not its 2 (build the page again)"),
            "{said}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
