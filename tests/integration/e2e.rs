//! The built web app (`dist/`, from `cargo xtask build-web`) served by `credreport serve` and driven
//! in real headless Chromium through ChromeDriver, as a user would use it.
//!
//! Ignored by a plain `cargo test` (they need dist/ and Chromium); `cargo xtask test` runs them.
//!
//! This file holds the browser (`Page`) and the steps tests share; the tests are in a module per
//! part of the page: `load`, `query`, `checks`, `compare`, `history` (several reports of one
//! account), `keep`, `exceptions`, `offline`, `layout`, `accessibility` and `security`.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use credreport_core::sample::SAMPLE_ACCOUNT_ID;
use credreport_testkit::{chromium_args, copy_dir, results_rows_are, served_address, Driver, Kill};
use fantoccini::{key::Key, Client, Locator};
use serde_json::{json, Value};

use crate::util::*;

mod accessibility;
mod checks;
mod compare;
mod exceptions;
mod history;
mod keep;
mod layout;
mod load;
mod offline;
mod query;
mod security;

/// A browser on a served copy of dist/ (plus any extra files the test puts beside it).
struct Page {
    client: Client,
    base: String,
    downloads: PathBuf,
    _server: Kill,
    _driver: Driver,
    /// What it serves, the browser's profile and downloads: dropped last, once both have ended.
    _dir: Scratch,
}

impl Page {
    /// A command of Chromium's DevTools protocol: what a page cannot do to itself (a storage
    /// quota, the network).
    async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        credreport_testkit::cdp(&self.client, cmd, params)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }
}

fn served_dir(extra: &[(&str, &[u8])]) -> Scratch {
    let dist = workspace().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "no dist/index.html: build the app first with `cargo xtask build-web`"
    );
    let dir = Scratch::new("e2e");
    copy_dir(&dist, dir.path()).unwrap();
    for (name, bytes) in extra {
        dir.file(name, bytes);
    }
    dir
}

async fn open_with(extra: &[(&str, &[u8])], path: &str) -> Page {
    open_full(extra, path, &[]).await
}

/// Serve with these environment variables (credentials, stand-in endpoints) and open `path`.
async fn open_full(extra: &[(&str, &[u8])], path: &str, env: &[(&str, &str)]) -> Page {
    open_browser(extra, path, env, &[]).await
}

/// As `open_full`, with more Chromium switches (e.g. a dark colour scheme).
async fn open_browser(
    extra: &[(&str, &[u8])],
    path: &str,
    env: &[(&str, &str)],
    switches: &[&str],
) -> Page {
    let dir = served_dir(extra);
    let mut server = Command::new(BIN)
        // `credreport.test` (mapped to loopback by `NOT_SECURE`) is a name whose pages are no
        // secure context: no storage, no service worker.
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--allow-host",
            "credreport.test",
            "--dir",
        ])
        .arg(dir.path())
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_PROFILE")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let base = served_address(&mut server).unwrap();
    let server = Kill(server);

    let driver = Driver::start().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut args = chromium_args(&dir.path().join("profile"));
    args.extend(switches.iter().map(|s| s.to_string()));
    let prefs = json!({"download.default_directory": downloads.display().to_string(), "download.prompt_for_download": false});
    let client = driver.session(&args, Some(prefs)).await.unwrap();
    let page = Page {
        client,
        base,
        downloads,
        _server: server,
        _driver: driver,
        _dir: dir,
    };
    page.client
        .goto(&format!("{}{path}", page.base))
        .await
        .unwrap();
    page.shown("load-sample").await;
    page
}

async fn open() -> Page {
    open_with(&[], "").await
}

impl Page {
    async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Wait until a JS expression is truthy (10 s at most). One that throws (an element not
    /// drawn yet, while a view draws itself again) is not true yet.
    async fn wait(&self, condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let check = format!("try {{ return !!({condition}); }} catch (e) {{ return false; }}");
            if self.js(&check).await == json!(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {condition}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until an element with this test id is in the page.
    async fn shown(&self, testid: &str) {
        self.wait(&format!(
            "document.querySelector('[data-testid={testid}]') !== null"
        ))
        .await;
    }

    /// Wait until no element with this test id is in the page.
    async fn gone(&self, testid: &str) {
        self.wait(&format!(
            "document.querySelector('[data-testid={testid}]') === null"
        ))
        .await;
    }

    /// Press `keys` on the first element `css` picks, as a keyboard user does: it takes the
    /// focus, then the keys go to whatever has it.
    async fn press(&self, css: &str, keys: &str) {
        self.js(&format!("document.querySelector({css:?}).focus()"))
            .await;
        self.keys(keys).await;
    }

    /// Press `keys` on whatever has the keyboard's focus.
    async fn keys(&self, keys: &str) {
        let focused = self.client.active_element().await.unwrap();
        focused.send_keys(keys).await.unwrap();
    }

    /// Press Enter on the first element `css` picks ([`Page::press`]).
    async fn press_enter(&self, css: &str) {
        self.press(css, &char::from(Key::Enter).to_string()).await;
    }

    /// Wait until an element `tag` names (upper case, as the DOM names it) has the keyboard's
    /// focus; its text.
    async fn focus_lands_on(&self, tag: &str) -> String {
        self.wait(&format!("document.activeElement.tagName === '{tag}'"))
            .await;
        let text = self.js("return document.activeElement.textContent").await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// What has the keyboard's focus: its test id, else its tag.
    async fn focused(&self) -> Value {
        self.js("const e = document.activeElement; return e.dataset.testid || e.tagName")
            .await
    }

    /// Type `keys` into the element with this test id (a file input takes a path).
    async fn send_keys(&self, testid: &str, keys: &str) {
        self.client
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
            .unwrap_or_else(|e| panic!("{testid}: {e}"))
            .send_keys(keys)
            .await
            .unwrap();
    }

    async fn click(&self, testid: &str) {
        self.client
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
            .unwrap_or_else(|e| panic!("{testid}: {e}"))
            .click()
            .await
            .unwrap();
    }

    async fn load_sample(&self) {
        self.click("load-sample").await;
        self.wait("document.querySelector('[data-testid=results] tbody tr') !== null")
            .await;
    }

    /// The results table as a user reads it: NULL cells as None.
    async fn rows(&self) -> Vec<Vec<Option<String>>> {
        let v = self.js("return [...document.querySelectorAll('[data-testid=results] tbody tr')].map(tr => [...tr.cells].map(td => td.classList.contains('null') ? null : td.textContent));").await;
        serde_json::from_value(v).unwrap()
    }

    async fn column(&self, i: usize) -> Vec<String> {
        self.rows()
            .await
            .into_iter()
            .map(|r| r[i].clone().unwrap_or_else(|| "NULL".into()))
            .collect()
    }

    /// Waits until the page says what it loaded, and that includes `containing`; its words.
    async fn loaded(&self, containing: &str) -> String {
        self.wait(&format!(
            "(document.querySelector('[data-testid=loaded-summary]') || {{}}).textContent?.includes({})",
            json!(containing)
        ))
        .await;
        self.text_of("loaded-summary").await
    }

    async fn text_of(&self, testid: &str) -> String {
        self.js(&format!("const e = document.querySelector(\"[data-testid='{testid}']\"); return e ? e.textContent : null;")).await.as_str().unwrap_or("").to_owned()
    }

    /// Switches to the Checks view and waits until the checks have run (their summary shows).
    async fn show_checks(&self) {
        self.click("view-checks").await;
        self.shown("checks-summary").await;
    }

    /// What each generation-time box in the Checks view holds, in order.
    async fn time_boxes(&self) -> Value {
        self.js("return [...document.querySelectorAll('[data-testid=generated-time]')].map(i => i.value)")
            .await
    }

    /// In the Checks view, chooses to judge as of the reports' generation times.
    async fn judge_as_of_reports(&self) {
        self.js("const s = document.querySelector('[data-testid=as-of]'); s.value = 'report'; s.dispatchEvent(new Event('change', {bubbles: true}));").await;
    }

    /// In the Checks view, judges as of the reports' generation times and gives `time` to the
    /// first report listed that does not say its own (the form's text first, for the caller to
    /// read); waits until that report is no longer listed.
    async fn give_generated_time(&self, time: &str) -> String {
        self.judge_as_of_reports().await;
        self.shown("as-of-unknown").await;
        let said = self.text_of("as-of-unknown").await;
        let undated = "document.querySelectorAll('[data-testid=generated-time]').length";
        let before = self.js(&format!("return {undated}")).await;
        self.js(&format!(
            "document.querySelector('[data-testid=generated-time]').value = '{time}'"
        ))
        .await;
        self.click("give-generated-time").await;
        self.wait(&format!("{undated} < {before}")).await;
        said
    }

    /// Opens every check (they start collapsed) and waits until each shows its findings.
    async fn open_checks(&self) {
        // The checks run in the database's worker: once they show, open each.
        self.shown("checks-summary").await;
        self.js("document.querySelectorAll('details.check').forEach(d => d.open = true)")
            .await;
        self.wait("[...document.querySelectorAll('details.check')].every(d => d.querySelector('table.findings'))")
            .await;
    }

    /// Replace the text of the first element with this test id by typing `text`; the element.
    async fn retype(&self, testid: &str, text: &str) -> fantoccini::elements::Element {
        let field = self
            .client
            .find(Locator::Css(&format!("[data-testid={testid}]")))
            .await
            .unwrap_or_else(|e| panic!("{testid}: {e}"));
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
        field
    }

    /// Replace the editor's text by typing, then run with Ctrl+Enter.
    async fn type_sql(&self, sql: &str) {
        let editor = self.retype("sql-editor", sql).await;
        editor
            .send_keys(&format!(
                "{}{}",
                char::from(Key::Control),
                char::from(Key::Enter)
            ))
            .await
            .unwrap();
    }

    /// Choose these files in the file input. The page reads them after this returns: they are
    /// borrowed so that they outlive it.
    async fn upload(&self, files: &[&TempFile]) {
        let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        self.send_keys("report-input", &paths.join("\n")).await;
    }

    /// The text of a file the page downloaded as `name` (waits 10 s at most for it to arrive).
    async fn downloaded(&self, name: &str) -> String {
        self.downloaded_as(|| vec![name.to_owned()]).await
    }

    /// The text of a file the page exported, named as [`export_name`] says. The page dates the
    /// file when it makes it: a click just before midnight (UTC) names yesterday, though this
    /// wait starts today.
    async fn exported(&self, account: &str, what: &str, ext: &str) -> String {
        let clicked = chrono::Utc::now() - chrono::Duration::seconds(30);
        self.downloaded_as(|| {
            [clicked, chrono::Utc::now()]
                .map(|at| export_name(account, what, ext, at))
                .to_vec()
        })
        .await
    }

    /// The text of the file the page downloaded under one of `names` (waits 10 s at most for
    /// it to arrive). Chromium may name the file before it has written it, and writes a
    /// `.crdownload` while the download runs: arrived means there, not empty, and no download in
    /// progress (instead of a fixed wait, which a busy machine could outlast).
    async fn downloaded_as(&self, names: impl Fn() -> Vec<String>) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let path = || {
            names()
                .into_iter()
                .map(|name| self.downloads.join(name))
                .find(|path| path.exists())
        };
        let arrived = || {
            let Some(path) = path() else { return false };
            let written = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
            let in_progress = std::fs::read_dir(&self.downloads)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
            written && !in_progress
        };
        while !arrived() {
            assert!(
                Instant::now() < deadline,
                "none of {:?} arrived in {}",
                names(),
                self.downloads.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        std::fs::read_to_string(path().unwrap()).unwrap()
    }

    async fn close(self) {
        let _ = self.client.close().await;
    }

    /// Wait until the kept library on the device (the write is asynchronous) holds `text`:
    /// before a reload that expects it back (10 s at most).
    async fn written_to_the_device(&self, text: &str) {
        self.until_kept_in(LIBRARY, text, true).await
    }

    /// Wait until the kept library on the device no longer holds `text` (10 s at most).
    async fn gone_from_the_device(&self, text: &str) {
        self.until_kept_in(LIBRARY, text, false).await
    }

    /// The kept library on the device, as the page wrote it.
    async fn kept_library(&self) -> Value {
        self.kept_file(LIBRARY).await
    }

    /// The file `name` the page keeps on the device, as it wrote it (JSON).
    async fn kept_file(&self, name: &str) -> Value {
        let text = self.js(&format!("return await {}", kept_text(name))).await;
        serde_json::from_str(text.as_str().expect("a kept file")).unwrap()
    }

    /// Change the file `name` the page keeps on the device as the JavaScript `change` does to
    /// `kept` (its parsed JSON), as another hand would, and write it back; what `change`
    /// returns.
    async fn rewrite_kept(&self, name: &str, change: &str) -> Value {
        self.js(&format!(
            "return await (async () => {{ \
             const d = await (await navigator.storage.getDirectory()).getDirectoryHandle('credreport'); \
             const h = await d.getFileHandle('{name}'); \
             const kept = JSON.parse(await (await h.getFile()).text()); \
             const changed = (() => {{ {change} }})(); \
             const w = await h.createWritable(); await w.write(JSON.stringify(kept)); await w.close(); \
             return changed; }})()"
        ))
        .await
    }

    /// Wait until the file `name` the page keeps on the device holds `text` (`holds`), or no
    /// longer does (10 s at most): the page writes it asynchronously.
    async fn until_kept_in(&self, name: &str, text: &str, holds: bool) {
        let kept = format!(
            "return await {}.then(t => t.includes({}), () => null)",
            kept_text(name),
            serde_json::to_string(text).unwrap()
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.js(&kept).await != json!(holds) {
            assert!(
                Instant::now() < deadline,
                "{text:?} was never {} {name} on the device",
                if holds { "written to" } else { "gone from" }
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The kept library's file: the list of kept loads, recent and saved queries, exceptions.
const LIBRARY: &str = "library.json";
/// The kept pairs' changes' file.
const CHANGES: &str = "changes.json";

/// The text of the file `name` the page keeps on the device (a JavaScript promise).
fn kept_text(name: &str) -> String {
    kept_read(name, "await file.text()")
}

/// What the JavaScript `read` reads of the file `name` the page keeps on the device, as `file`
/// (a JavaScript promise).
fn kept_read(name: &str, read: &str) -> String {
    format!(
        "(async () => {{ \
         const d = await (await navigator.storage.getDirectory()).getDirectoryHandle('credreport'); \
         const file = await (await d.getFileHandle('{name}')).getFile(); return {read}; }})()"
    )
}

fn upn(name: &str) -> String {
    format!("{name}@1234567890123456.onaliyun.com")
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// A report of `users` users, as the benchmarks make them (a real account has up to 3,500).
fn big_report(users: usize) -> Vec<u8> {
    credreport_core::sample::synthetic_csv(users, "1234567890123456", 7, chrono::Utc::now())
        .into_bytes()
}

/// Accept the first finding in alarm under `within` (a CSS selector) for `reason`, until the end
/// of 2099, as a user does: *Accept…*, the form, *Save*.
async fn accept_first(page: &Page, within: &str, reason: &str) {
    page.js(&format!(
        "document.querySelector(\"{within} [data-testid=accept-finding]\").click()"
    ))
    .await;
    page.shown("accept-form").await;
    page.js(&format!(
        "const f = document.querySelector('[data-testid=accept-form]'); \
         f.elements.reason.value = {}; f.elements.expires.value = '2099-12-31';",
        json!(reason)
    ))
    .await;
    page.click("accept-save").await;
}

/// Alibaba Cloud's answer for a report that has expired: a file that is no report.
const EXPIRED_ANSWER: &[u8] = br#"{"RequestId":"R-1","Code":"Expired.CredentialReport","Message":"The credential report has been expired."}"#;

/// Light and dark: the name of each, and the Chromium switches that show the page in it.
const SCHEMES: [(&str, &[&str]); 2] = [
    ("light", &[]),
    ("dark", &["--blink-settings=preferredColorScheme=0"]),
];

/// A month of one account at a real account's size, in a fresh browser started with
/// `switches`: November's report (3,500 users) opened by link, October's (100 users fewer)
/// uploaded, so Compare and the Checks view's trend have two reports to show.
async fn a_month_of_one_account(switches: &[&str]) -> Page {
    let csv = big_report(3500);
    let report = api_json(&csv, "2026-11-01T00:00:00Z");
    let october: Vec<u8> = String::from_utf8_lossy(&csv)
        .lines()
        .take(3401)
        .flat_map(|l| format!("{l}\n").into_bytes())
        .collect();
    let october = temp_file("october.json", &api_json(&october, "2026-10-01T00:00:00Z"));
    let page = open_browser(
        &[("big.json", &report)],
        "?report=./big.json",
        &[],
        switches,
    )
    .await;
    page.loaded("3500 users").await;
    page.upload(&[&october]).await;
    page.loaded("6900 rows").await;
    page
}

/// axe-core's rules the page breaks as it is now, each with its impact, what it asks and up to
/// three elements with what is wrong: none, or the test fails naming them. `cargo xtask test`
/// installs axe-core and names its script in `CREDREPORT_AXE`.
async fn assert_accessible(page: &Page, what: &str) {
    let script = std::env::var_os("CREDREPORT_AXE").expect(
        "CREDREPORT_AXE names axe-core's axe.min.js: run the end-to-end tests with `cargo xtask test`",
    );
    let axe = std::fs::read_to_string(&script)
        .unwrap_or_else(|e| panic!("{}: {e}", PathBuf::from(&script).display()));
    // The page's own policy lets no other script in; WebDriver's scripts run all the same.
    page.client
        .execute(&format!("{axe}\nreturn typeof axe;"), vec![])
        .await
        .unwrap_or_else(|e| panic!("axe-core did not start: {e}"));
    let broken = page
        .js("return axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => \
            `${v.impact} ${v.id}: ${v.help}: ` + v.nodes.slice(0, 3).map(n => n.target.join(' ') \
            + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')').join('; ')))")
        .await;
    assert_eq!(broken, json!([]), "{what}: axe-core's rules broken");
    // axe-core reads text only; WCAG asks 3:1 of the shapes a chart says things with too.
    let faint = page.js(FAINT_SHAPES).await;
    assert_eq!(
        faint,
        json!([]),
        "{what}: chart colours under 3:1 with the page"
    );
}

/// Every bar of a chart and every swatch of a legend whose colour stands under 3:1 against the
/// page's background (WCAG 1.4.11), as `class colour ratio`.
const FAINT_SHAPES: &str = "const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3) \
        .map(v => { v = v / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); \
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; }; \
    const page = lum(getComputedStyle(document.documentElement).backgroundColor); \
    return [...document.querySelectorAll('rect[class^=bar-], .swatch')].map(e => { \
        const s = getComputedStyle(e); const c = e.tagName === 'rect' ? s.fill : s.backgroundColor; \
        const [hi, lo] = [lum(c), page].sort((a, b) => b - a); \
        return [e.getAttribute('class'), c, (hi + 0.05) / (lo + 0.05)]; }) \
        .filter(([, , ratio]) => ratio < 3).map(([k, c, r]) => `${k} ${c} ${r.toFixed(2)}`) \
        .filter((v, i, all) => all.indexOf(v) === i);";

/// No element's text carries Rust that a `view!` macro misread as text.
async fn assert_no_leaked_code(page: &Page) {
    let leaked = page
        .js("const t = document.body.innerText; return ['move |', '=>', '.update(', '.get()', 'on:click', 'ui.', '|_|'].filter(s => t.includes(s));")
        .await;
    assert_eq!(leaked, json!([]), "leaked code in the page's text");
}

/// Everything the page could have stored in the browser: its private files (OPFS), local and
/// session storage, IndexedDB databases, caches.
/// What the page has in the browser's storage. `cached` is every address in the Cache API.
const STORED: &str = "return await (async () => { \
    const root = await navigator.storage.getDirectory(); const files = []; \
    for await (const n of root.keys()) files.push(n); \
    const cached = []; \
    for (const name of await caches.keys()) \
        for (const r of await (await caches.open(name)).keys()) cached.push(r.url); \
    return { files, local: localStorage.length, session: sessionStorage.length, \
        idb: (await indexedDB.databases()).map(d => d.name), cached }; })()";

impl Page {
    /// Save the editor's query as `name` under *Saved queries*, as a user does, and wait until
    /// the list holds `saved` queries.
    async fn save_query(&self, name: &str, saved: usize) {
        self.js("document.querySelector('[data-testid=saved]').open = true")
            .await;
        self.send_keys("save-name", name).await;
        self.click("save-query").await;
        self.wait(&format!(
            "document.querySelectorAll('[data-testid=saved-query]').length === {saved}"
        ))
        .await;
    }

    /// Wait until *Keep my reports on this device* can be ticked: the page has asked the
    /// browser for its storage and opened what it kept.
    async fn until_keeping_can_be_ticked(&self) {
        self.wait("(document.querySelector('[data-testid=keep-local]') || {}).disabled === false")
            .await;
    }

    /// Wait until the list of what is kept on this device names `loads` loads.
    /// Opens the Compare view and waits for what it compares first: the report generated at
    /// `old` with the one generated at `new`.
    async fn compares_by_default(&self, old: &str, new: &str) {
        self.click("view-compare").await;
        self.shown("compare-summary").await;
        let said = self.text_of("compare-summary").await;
        assert!(
            said.contains(&format!("from the report generated at {old}"))
                && said.contains(&format!("to the one generated at {new}")),
            "{said}"
        );
    }

    async fn until_kept(&self, loads: usize) {
        self.wait(&format!(
            "document.querySelectorAll('[data-testid=kept]').length === {loads}"
        ))
        .await;
    }

    /// Whether *Keep my reports on this device* is ticked.
    async fn keeping_is_ticked(&self) -> bool {
        self.js("return document.querySelector('[data-testid=keep-local]').checked")
            .await
            .as_bool()
            .unwrap()
    }

    /// Reopen the page with its own digests taking a second each, so a change to what is kept
    /// is still under way when the test acts (the database's worker digests at its own speed).
    async fn slow_digests(&self) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": r#"
                const digest = SubtleCrypto.prototype.digest;
                SubtleCrypto.prototype.digest = function (...args) {
                    return new Promise((done) => setTimeout(done, 1000))
                        .then(() => digest.apply(this, args));
                };
            "#}),
        )
        .await;
        self.client.refresh().await.unwrap();
        self.shown("load-sample").await;
    }

    /// The page's storage, as [`STORED`] reads it, with the app's own files (what the service
    /// worker keeps for offline use: the page and the files `cargo xtask build-web` wrote)
    /// left out of `cached`: whatever else is there is something a user loaded or typed.
    async fn stored(&self) -> Value {
        let mut stored = self.js(STORED).await;
        let dist = workspace().join("dist");
        let base = self.base.clone();
        let others: Vec<Value> = stored["cached"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|url| {
                let url = url.as_str().unwrap();
                let file = url.strip_prefix(&base).unwrap_or(url);
                !(file.is_empty() || !file.contains(['?', '#']) && dist.join(file).is_file())
            })
            .cloned()
            .collect();
        stored["cached"] = Value::Array(others);
        stored
    }
}

fn nothing_stored() -> Value {
    json!({ "files": [], "local": 0, "session": 0, "idb": [], "cached": [] })
}

/// The sample loaded, keeping just ticked, in a page whose digests take a second each
/// ([`Page::slow_digests`]).
async fn sample_with_keeping_ticked_and_slow_digests() -> Page {
    let page = open().await;
    page.slow_digests().await;
    page.load_sample().await;
    page.until_keeping_can_be_ticked().await;
    page.click("keep-local").await;
    page
}

impl Page {
    /// Upload a 20-user report of account 1111111111111111 and wait until it is loaded.
    async fn load_another_account(&self) {
        let csv =
            credreport_core::sample::synthetic_csv(20, "1111111111111111", 7, chrono::Utc::now());
        let file = temp_file("1111111111111111.csv", csv.as_bytes());
        self.upload(&[&file]).await;
        self.loaded("1111111111111111").await;
    }
}

/// True when the page fits its width; else what sticks out past the right edge, named so a
/// failure says where to look.
const FITS: &str = "(() => { const w = document.documentElement.clientWidth; \
    if (document.documentElement.scrollWidth <= w) return true; \
    return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 \
        && e.parentElement.getBoundingClientRect().right <= w + 1 \
        && !(function clipped(a) { return a && a !== document.body \
            && (getComputedStyle(a).overflowX !== 'visible' || clipped(a.parentElement)); })(e.parentElement)) \
        .map(e => e.tagName + '.' + e.className + '#' + (e.dataset.testid || '')).slice(0, 8); })()";

/// What the screenshot pass checks in each view before it saves the view as `png`: it fits the
/// window's width and no Rust leaked into its text.
async fn look(page: &Page, fits: &str, png: &std::path::Path) {
    assert_eq!(
        page.js(&format!("return {fits}")).await,
        json!(true),
        "{} does not fit",
        png.display()
    );
    assert_no_leaked_code(page).await;
    std::fs::write(png, page.client.screenshot().await.unwrap()).unwrap();
}

/// The name the page gives a file it exports `at` a time: whose report (`account`, or
/// `accounts` for several or none known), the day (UTC), and what it holds.
fn export_name(account: &str, what: &str, ext: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    format!("credreport-{account}-{}-{what}.{ext}", at.date_naive())
}
