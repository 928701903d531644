//! What a hostile report, link or page cannot make the page do: run script, fetch the proxy,
//! fetch elsewhere unasked, exceed the limits, reach SQLite outside its worker, break the CSP.

use super::*;

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn html_in_a_user_name_is_shown_as_text() {
    let evil = "\"<img src=x onerror=\"\"window.pwned=1\"\">\"";
    let file = temp_file("evil.csv", format!("{HEADER}\n{}\n", row(evil)).as_bytes());
    let page = open().await;
    page.upload(&[&file]).await;
    page.wait(&results_rows_are(1)).await;
    assert_eq!(
        page.column(0).await,
        ["<img src=x onerror=\"window.pwned=1\">"]
    );
    assert_eq!(
        page.js("return document.querySelectorAll('img').length")
            .await,
        json!(0)
    );
    assert_eq!(
        page.js("return window.pwned === undefined").await,
        json!(true)
    );
    page.close().await;
}

/// A server on another origin (`localhost:PORT`, where the page is at 127.0.0.1) that lets any
/// page read what it serves (`Access-Control-Allow-Origin: *`) and counts the requests it gets.
/// `body` is what it answers; with `length: false` it sends no Content-Length.
struct Elsewhere {
    port: u16,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

fn elsewhere(body: Vec<u8>, length: bool) -> Elsewhere {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            let Ok(mut stream) = stream else { return };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let length = if length {
                format!("Content-Length: {}\r\n", body.len())
            } else {
                String::new()
            };
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nAccess-Control-Allow-Origin: *\r\n{length}Connection: close\r\n\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    Elsewhere { port, hits }
}

impl Elsewhere {
    fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Regression (attack review): `?report=api/credential-report` made the page drive its own proxy.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_link_to_the_proxy_api_is_refused_and_fetches_nothing() {
    let sample = text(&credreport(&["sample"], b"").stdout);
    let standin = credreport_standin::start(credreport_standin::Scenario::new(&sample)).await;
    let env = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-standin"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "standin-secret"),
        ("CREDREPORT_IMS_ENDPOINT", standin.url.as_str()),
        ("CREDREPORT_STS_ENDPOINT", standin.url.as_str()),
    ];
    for path in [
        "?report=api/credential-report",
        "?report=./api/credential-report",
        "?report=/api/credential-report",
    ] {
        let page = open_full(&[], path, &env).await;
        page.wait("document.querySelector('[data-testid=load-error]').textContent !== ''")
            .await;
        let error = page.text_of("load-error").await;
        assert!(
            error.contains("credreport's own proxy") && error.contains("Nothing was fetched"),
            "{path}: {error}"
        );
        page.close().await;
    }
    assert!(standin.calls().is_empty(), "{:?}", standin.calls());
}

/// Regression (attack review): a link loaded any URL on opening, e.g. a forged report whose
/// evidence export would then name its accounts.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_link_to_another_origin_asks_before_fetching() {
    let server = elsewhere(credreport(&["sample"], b"").stdout, true);
    let path = format!("?report=http://localhost:{}/forged.csv", server.port);
    let page = open_with(&[], &path).await;
    page.shown("link-question").await;
    assert_eq!(
        page.text_of("link-host").await,
        format!("localhost:{}", server.port)
    );
    assert_eq!(server.hits(), 0, "fetched before asking");
    page.click("link-dismiss").await;
    page.gone("link-question").await;
    assert_eq!(server.hits(), 0);
    assert_eq!(
        page.js("return document.querySelector('[data-testid=loaded-summary]') === null")
            .await,
        json!(true)
    );
    page.close().await;
    // Asked again, and answered yes: it loads.
    let page = open_with(&[], &path).await;
    page.shown("link-load").await;
    page.click("link-load").await;
    let summary = page.loaded("").await;
    assert!(summary.contains("forged.csv — 10 users"));
    assert_eq!(server.hits(), 1);
    page.close().await;
}

/// Regression (attack review): a URL's whole body was read before the size limit was checked.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_report_url_larger_than_the_limit_is_stopped_while_it_streams() {
    // 80 MB with no Content-Length: only reading can tell.
    let server = elsewhere(vec![b'a'; 80 * 1024 * 1024], false);
    let page = open().await;
    page.send_keys(
        "report-url",
        &format!("http://localhost:{}/huge.csv", server.port),
    )
    .await;
    page.click("load-url").await;
    page.wait("document.querySelector('[data-testid=load-error]').textContent !== ''")
        .await;
    let error = page.text_of("load-error").await;
    assert!(
        error.contains("larger than 64 MB") && error.contains("Reading stopped"),
        "{error}"
    );
    page.load_sample().await;
    page.close().await;
}

/// The upload limit is checked from the files' sizes, before anything is read.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn files_over_the_limit_together_are_refused_before_they_are_read() {
    let a = temp_file("part-a.csv", &vec![b'a'; 40 * 1024 * 1024]);
    let b = temp_file("part-b.csv", &vec![b'b'; 40 * 1024 * 1024]);
    let page = open().await;
    page.upload(&[&a, &b]).await;
    page.wait("document.querySelector('[data-testid=load-error]').textContent !== ''")
        .await;
    let error = page.text_of("load-error").await;
    assert!(
        error.contains("part-a.csv, part-b.csv: 80 MB in all")
            && error.contains("Nothing was read"),
        "{error}"
    );
    page.close().await;
}

/// The page's queries are read-only however ATTACH names its file, and a value cannot grow
/// without bound.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn attach_and_huge_values_are_refused_in_the_page() {
    let page = open().await;
    page.load_sample().await;
    for sql in [
        "attach database '/tmp/x sqlite_y' as a",
        "attach database 'file:/tmp/u sqlite_v?sqlite_z=1' as b",
    ] {
        page.type_sql(sql).await;
        page.wait(
            "document.querySelector('[data-testid=error]').textContent.includes('read-only')",
        )
        .await;
        page.click("canned-root-mfa").await;
        page.wait("document.querySelector('[data-testid=error]').textContent === ''")
            .await;
    }
    page.type_sql("select hex(zeroblob(100000000))").await;
    page.wait(
        "document.querySelector('[data-testid=error]').textContent.includes('grew past 16 MB')",
    )
    .await;
    page.close().await;
}

/// ARCHITECTURE.md: SQLite never runs on the page's thread — nothing in `web/src` but the
/// binary's worker entry (`main.rs`) names the engine or the core's `Database`.
#[test]
fn the_page_reaches_sqlite_only_through_its_worker() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "web/src has {} files", files.len());
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("main.rs"))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains("credreport_engine") || text.contains("Database")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "{offenders:?}");
}

/// ARCHITECTURE.md: the app's JS glue, which the database's worker imports too, imports no
/// module of its own. wasm-bindgen's snippets were such modules: the worker fetched them, one
/// round trip after the glue's, before it could load a report.
#[test]
#[ignore = "needs dist/: `cargo xtask test` runs it"]
fn the_glue_the_worker_imports_imports_nothing_more() {
    let dist = workspace().join("dist");
    let glue: Vec<PathBuf> = std::fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("credreport-web-") && name.ends_with(".js")
        })
        .collect();
    assert_eq!(glue.len(), 1, "{glue:?}");
    let text = std::fs::read_to_string(&glue[0]).unwrap();
    let imports: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("import "))
        .collect();
    assert!(imports.is_empty(), "{imports:?}");
    assert!(!dist.join("snippets").exists());
}

/// The policy SECURITY.md states is the one the built page carries.
#[test]
#[ignore = "needs dist/: `cargo xtask test` runs it"]
fn the_built_page_carries_the_content_security_policy_security_md_states() {
    let html = std::fs::read_to_string(workspace().join("dist/index.html")).unwrap();
    let policy = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("dist/index.html has a Content-Security-Policy");
    let directives: std::collections::BTreeMap<&str, Vec<&str>> = policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            words.next().map(|name| (name, words.collect()))
        })
        .collect();
    let is = |name: &str, expected: &[&str]| {
        assert_eq!(
            directives.get(name).map(Vec::as_slice),
            Some(expected),
            "{name} in {policy}"
        );
    };
    is("default-src", &["'none'"]);
    is("style-src", &["'self'"]);
    is("img-src", &["'self'", "data:"]);
    is("connect-src", &["'self'", "http:", "https:"]);
    // The service worker (`sw.js`) and the database's worker; the app's manifest.
    is("worker-src", &["'self'"]);
    is("manifest-src", &["'self'"]);
    is("base-uri", &["'none'"]);
    is("form-action", &["'none'"]);
    is("object-src", &["'none'"]);
    let scripts = &directives["script-src"];
    assert_eq!(&scripts[..2], ["'self'", "'wasm-unsafe-eval'"], "{policy}");
    assert!(
        scripts[2..].iter().all(|s| s.starts_with("'sha256-")),
        "only hashed inline scripts: {policy}"
    );
    let security = std::fs::read_to_string(workspace().join("SECURITY.md")).unwrap();
    // Word for word after the scripts' hashes, which change with every build.
    let after_scripts = &policy[policy.find("style-src").unwrap()..];
    assert!(
        security.contains(after_scripts),
        "SECURITY.md states the policy: {after_scripts}"
    );
}

/// `index.html` draws the header and says the app is starting; the app, once mounted, takes
/// that line away. Should the module never arrive, the line says the page could not start and
/// what to do, instead of "Starting" for ever.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_page_whose_module_does_not_arrive_says_it_could_not_start() {
    let page = open().await;
    let shell = "return [document.querySelectorAll('h1').length, document.getElementById('starting') === null]";
    assert_eq!(
        page.js(shell).await,
        json!([1, true]),
        "one header, no Starting line"
    );

    page.cdp("Network.enable", json!({})).await;
    page.cdp("Network.setBypassServiceWorker", json!({"bypass": true}))
        .await;
    page.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true}))
        .await;
    page.cdp("Network.setBlockedURLs", json!({"urls": ["*.wasm"]}))
        .await;
    page.client
        .goto(&format!("{}?sample", page.base))
        .await
        .unwrap();
    page.wait(
        "(document.getElementById('starting') || {}).textContent?.includes('could not start')",
    )
    .await;
    let said = page
        .js("const e = document.getElementById('starting'); return [e.textContent, e.getAttribute('role')]")
        .await;
    assert!(
        said[0].as_str().unwrap().contains("reload the page"),
        "{said}"
    );
    assert_eq!(said[1], json!("alert"));
    assert_eq!(
        page.js("return document.querySelector('[data-testid=load-sample]') === null")
            .await,
        json!(true)
    );
    page.close().await;
}
