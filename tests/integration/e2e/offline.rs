//! The page with no network after one visit (its service worker), a new build offered and never
//! forced, and the page as an installable app.

use super::*;

use std::path::Path;

use credreport_testkit::SERVICE_WORKER_CONTROLS;

impl Page {
    /// No network for this page, as DevTools' "Offline" gives it, and no server either.
    async fn go_offline(&mut self) {
        self.cdp("Network.enable", json!({})).await;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
        let _ = self._server.0.kill();
        let _ = self._server.0.wait();
    }

    /// Offline, the page opened again on its sample, with the sample's users shown.
    async fn reopen_offline_on_the_sample(&mut self) {
        self.go_offline().await;
        self.client
            .goto(&format!("{}?sample", self.base))
            .await
            .unwrap();
        self.until_results_show().await;
    }

    async fn until_results_show(&self) {
        self.wait("document.querySelector('[data-testid=results] tbody tr') !== null")
            .await;
    }

    /// A canned query's PostgreSQL twin clicked, until its translation shows.
    async fn run_a_postgresql_twin(&self) {
        self.click("canned-console-without-mfa-postgres").await;
        self.wait("(document.querySelector('[data-testid=translated-sql]') || {}).textContent?.includes('SELECT')")
            .await;
    }

    /// The new build the page offers, taken: *Reload to use it* clicked, until the new build's
    /// page (`deploy_a_new_build`'s) is the one open.
    async fn take_the_offered_update(&self) {
        self.shown("update-ready").await;
        self.click("update-reload").await;
        self.wait("document.querySelector('meta[name=credreport-build]') !== null")
            .await;
    }

    fn served(&self) -> PathBuf {
        self.downloads.parent().unwrap().to_owned()
    }

    /// Whether the page fetched a file whose name holds `part` (from the network, its service
    /// worker or a cache).
    async fn fetched(&self, part: &str) -> bool {
        self.js(&format!(
            "return performance.getEntriesByType('resource').some(e => e.name.includes('{part}'))"
        ))
        .await
            == json!(true)
    }
}

/// The translator the page in `dir` names (`<meta name="credreport-translator">`), without
/// `.js`: `credreport-pg-HASH`.
fn translator_of(dir: &Path) -> String {
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let (_, after) = index
        .split_once("<meta name=\"credreport-translator\" content=\"")
        .expect("the page names its translator");
    after.split_once(".js\"").unwrap().0.to_owned()
}

/// A changed build deployed where the page was served from, as copying a new `dist/` over the
/// old one leaves it: a new page (with `<meta name="credreport-build" content="next">`) and a new
/// service worker; with `new_translator`, a changed translator under its new name, the old
/// one's files gone. Answers the translator's name in the new build.
fn deploy_a_new_build(dir: &Path, new_translator: bool) -> String {
    let old = translator_of(dir);
    let new = if new_translator {
        let new = format!("{}-next", old);
        let glue = std::fs::read_to_string(dir.join(format!("{old}.js"))).unwrap();
        assert!(
            glue.contains(&format!("{old}_bg.wasm")),
            "the glue names its module"
        );
        std::fs::write(
            dir.join(format!("{new}.js")),
            glue.replace(&format!("{old}_bg.wasm"), &format!("{new}_bg.wasm"))
                + "\n// the next build's translator\n",
        )
        .unwrap();
        std::fs::rename(
            dir.join(format!("{old}_bg.wasm")),
            dir.join(format!("{new}_bg.wasm")),
        )
        .unwrap();
        for gone in [
            format!("{old}.js"),
            format!("{old}.js.gz"),
            format!("{old}_bg.wasm.gz"),
        ] {
            std::fs::remove_file(dir.join(gone)).unwrap();
        }
        new
    } else {
        old.clone()
    };
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let changed = index
        .replacen(
            "<meta charset=\"utf-8\" />",
            "<meta charset=\"utf-8\" /><meta name=\"credreport-build\" content=\"next\" />",
            1,
        )
        .replace(&old, &new);
    assert_ne!(index, changed);
    std::fs::write(dir.join("index.html"), changed).unwrap();
    let worker = std::fs::read_to_string(dir.join("sw.js")).unwrap();
    let version = worker
        .lines()
        .find_map(|l| l.strip_prefix("const VERSION = "))
        .unwrap()
        .to_owned();
    std::fs::write(
        dir.join("sw.js"),
        worker
            .replacen(&version, "\"next-build\";", 1)
            .replace(&old, &new),
    )
    .unwrap();
    // The build's gzip of the old worker would be served in its place.
    std::fs::remove_file(dir.join("sw.js.gz")).unwrap();
    new
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn after_one_visit_the_page_opens_offline_with_its_kept_reports_and_answers() {
    let team = big_report(20);
    let mut page = open_with(&[("team.csv", &team)], "").await;
    page.wait(SERVICE_WORKER_CONTROLS).await;
    // The report comes from a URL beside the app, through the service worker's hands.
    page.client
        .goto(&format!("{}?report=team.csv", page.base))
        .await
        .unwrap();
    page.loaded("20 users").await;
    // Kept on this device, and a PostgreSQL query run once: the translator is cached on use.
    page.until_keeping_can_be_ticked().await;
    page.click("keep-local").await;
    page.until_kept(1).await;
    page.run_a_postgresql_twin().await;
    // The offline copy did not keep the report, nor the proxy's answer.
    let cached = page.stored().await["cached"].clone();
    assert_eq!(cached, json!([]), "only the app's own files are cached");

    page.go_offline().await;
    let fetched = page
        .js("return fetch('team.csv').then(() => 'fetched', () => 'offline')")
        .await;
    assert_eq!(fetched, json!("offline"), "the network is really gone");
    page.client
        .goto(&format!("{}?sample", page.base))
        .await
        .unwrap();
    // The app, the kept report and the sample, with no network.
    page.loaded("team.csv").await;
    page.until_results_show().await;
    page.click("canned-console-without-mfa").await;
    page.wait("document.querySelector('[data-testid=results-title]').textContent.toLowerCase().includes('mfa')")
        .await;
    assert!(
        page.rows().await.len() > 3,
        "the sample's and team.csv's users"
    );
    // The PostgreSQL translator, cached when it was first used.
    page.run_a_postgresql_twin().await;
    assert_eq!(page.text_of("error").await, "");
    page.close().await;
}

/// Regression: a PostgreSQL query run before the service worker controlled the page (at once on
/// a first visit, as a share link's query runs) loaded the translator past the worker, which
/// never kept it: offline, every PostgreSQL query failed ("Failed to fetch dynamically imported
/// module") though README says the translator works offline once it has been used.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_postgresql_query_run_before_the_offline_copy_was_made_works_offline() {
    let mut page = open_with(&[], "?sample").await;
    page.until_results_show().await;
    page.run_a_postgresql_twin().await;
    assert_eq!(
        page.js("return navigator.serviceWorker.controller === null")
            .await,
        json!(true),
        "the translator was loaded before any service worker controlled the page"
    );
    page.wait(SERVICE_WORKER_CONTROLS).await;
    // The worker keeps the translator's files once the page has told it (from the server).
    let translator = format!("{}{}_bg.wasm", page.base, translator_of(&page.served()));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !page.js(STORED).await["cached"]
        .as_array()
        .unwrap()
        .contains(&json!(translator))
    {
        assert!(Instant::now() < deadline, "the translator was never kept");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    page.reopen_offline_on_the_sample().await;
    page.run_a_postgresql_twin().await;
    assert_eq!(page.text_of("error").await, "");
    page.close().await;
}

/// Offline before any PostgreSQL query ran, the page has no translator: it says so and what to
/// do, not the browser's "Failed to fetch dynamically imported module" alone.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_postgresql_query_offline_before_the_translator_was_kept_says_what_to_do() {
    let mut page = open_with(&[], "?sample").await;
    page.wait(SERVICE_WORKER_CONTROLS).await;
    page.reopen_offline_on_the_sample().await;
    page.click("canned-console-without-mfa-postgres").await;
    page.wait("document.querySelector('[data-testid=error]').textContent !== ''")
        .await;
    let said = page.text_of("error").await;
    assert!(
        said.starts_with("the PostgreSQL translator could not be downloaded")
            && said
                .contains("Connect to the network and run the query again, or write it in SQLite")
            && said.ends_with("Nothing was run."),
        "{said}"
    );
    page.close().await;
}

/// Regression: the service worker was registered as the page opened, and its first fetching of
/// the app's files shared the machine with the report a link had asked for.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_offline_copy_is_made_once_a_link_has_answered_not_while_it_loads() {
    let team = big_report(3500);
    let page = open_with(&[("team.csv", &team)], "?report=team.csv").await;
    page.loaded("3500 users").await;
    assert_eq!(
        page.js("return navigator.serviceWorker.getRegistration().then((r) => r === undefined)")
            .await,
        json!(true),
        "no service worker while the link's report loaded"
    );
    // Then, with nothing under way, the page is made ready to open offline.
    page.wait(SERVICE_WORKER_CONTROLS).await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_new_build_is_offered_and_the_page_reloads_only_when_asked() {
    let page = open().await;
    page.wait(SERVICE_WORKER_CONTROLS).await;
    deploy_a_new_build(&page.served(), false);

    // Opened again, the page is the build it has; the new one is offered, not forced.
    page.client.refresh().await.unwrap();
    page.shown("load-sample").await;
    page.load_sample().await;
    page.shown("update-ready").await;
    assert!(page.text_of("update-ready").await.contains("new version"));
    page.js("window.stillThisPage = true").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        page.js("return [window.stillThisPage === true, document.querySelector('meta[name=credreport-build]') === null]").await,
        json!([true, true]),
        "the page was not reloaded under its user"
    );
    assert!(!page.text_of("loaded-summary").await.is_empty());
    // The offer fits a phone.
    let out = workspace().join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    page.client.set_window_size(390, 844).await.unwrap();
    page.js("window.scrollTo(0, 0)").await;
    look(&page, FITS, &out.join("update-offered-phone-light.png")).await;
    assert_accessible(&page, "the offer of a new version").await;

    page.take_the_offered_update().await;
    page.shown("load-sample").await;
    assert_eq!(
        page.js("return document.querySelector('[data-testid=update-ready]') === null")
            .await,
        json!(true),
        "the new build is the one running"
    );
    page.close().await;
}

/// Regression: the translator had one name in every build. A browser that had it in its HTTP
/// cache gave the old build's to the new one, whose service worker then kept it for good.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn after_an_update_postgresql_queries_run_the_new_builds_translator() {
    let page = open_with(&[], "?sample").await;
    page.until_results_show().await;
    page.wait(SERVICE_WORKER_CONTROLS).await;
    page.run_a_postgresql_twin().await;
    let old = translator_of(&page.served());
    let new = deploy_a_new_build(&page.served(), true);

    // Opened again, the page is the build its worker has, and offers the new one.
    page.client.refresh().await.unwrap();
    page.until_results_show().await;
    page.take_the_offered_update().await;
    page.until_results_show().await;
    page.run_a_postgresql_twin().await;
    assert_eq!(page.text_of("error").await, "");
    assert!(page.fetched(&format!("{new}_bg.wasm")).await);
    assert!(
        !page.fetched(&format!("{old}_bg.wasm")).await,
        "the old build's translator ran"
    );
    let kept = page.js(STORED).await["cached"].to_string();
    assert!(
        kept.contains(&new) && !kept.contains(&format!("{old}.js")),
        "{kept}"
    );
    page.close().await;
}

/// A page opened before a new build was deployed runs its own build's translator or none: the
/// new one's module was not made for it.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_page_older_than_the_sites_translator_says_to_reload() {
    let page = open_with(&[], "?sample").await;
    page.until_results_show().await;
    page.wait(SERVICE_WORKER_CONTROLS).await;
    let new = deploy_a_new_build(&page.served(), true);
    page.click("canned-console-without-mfa-postgres").await;
    page.wait("document.querySelector('[data-testid=error]').textContent !== ''")
        .await;
    let said = page.text_of("error").await;
    assert!(
        said.starts_with(
            "the PostgreSQL translator of this page's version is no longer on the server"
        ) && said.contains("Reload the page to use it")
            && said.ends_with("or write the query in SQLite. Nothing was run."),
        "{said}"
    );
    assert!(
        !page.fetched(&new).await,
        "the new build's translator ran in the old page"
    );
    // The page has looked for the new build: it offers it, and with it the translator runs.
    page.take_the_offered_update().await;
    page.until_results_show().await;
    page.run_a_postgresql_twin().await;
    assert_eq!(page.text_of("error").await, "");
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_page_installs_as_an_app_with_the_icons_its_build_drew() {
    let page = open().await;
    page.wait(SERVICE_WORKER_CONTROLS).await;
    let manifest = page.cdp("Page.getAppManifest", json!({})).await;
    assert_eq!(manifest["errors"], json!([]), "{manifest}");
    let installable = page.cdp("Page.getInstallabilityErrors", json!({})).await;
    assert_eq!(
        installable["installabilityErrors"],
        json!([]),
        "{installable}"
    );
    // Every icon the manifest names is a PNG of the size it says.
    let sizes = page
        .js("return await (async () => { \
            const m = await (await fetch('manifest.webmanifest')).json(); \
            return Promise.all(m.icons.map(async (i) => { \
                const b = await createImageBitmap(await (await fetch(i.src)).blob()); \
                return [i.sizes, `${b.width}x${b.height}`, i.type]; })); })()")
        .await;
    let sizes = sizes.as_array().unwrap();
    assert_eq!(sizes.len(), 3);
    for s in sizes {
        assert_eq!(s[0], s[1], "{s}");
        assert_eq!(s[2], json!("image/png"));
    }
    // Light and dark theme colours.
    assert_eq!(
        page.js(
            "return [...document.querySelectorAll('meta[name=theme-color]')].map(m => m.media)"
        )
        .await,
        json!([
            "(prefers-color-scheme: light)",
            "(prefers-color-scheme: dark)"
        ])
    );
    page.close().await;
}

/// Chromium resolves `credreport.test` to this machine: a plain-HTTP name that is not loopback,
/// so its pages are not a secure context, as in a browser that gives a page no storage.
const NOT_SECURE: &str = "--host-resolver-rules=MAP credreport.test 127.0.0.1";

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn without_storage_or_a_service_worker_the_page_loads_and_answers_and_says_why_nothing_is_kept(
) {
    let page = open_browser(&[], "", &[], &[NOT_SECURE]).await;
    let port = page.base.rsplit(':').next().unwrap().trim_end_matches('/');
    page.client
        .goto(&format!("http://credreport.test:{port}/?sample"))
        .await
        .unwrap();
    page.until_results_show().await;
    assert_eq!(
        page.js("return [window.isSecureContext, 'serviceWorker' in navigator, !!(navigator.storage && navigator.storage.getDirectory)]")
            .await,
        json!([false, false, false]),
        "the browser gives this page no storage and no service worker"
    );
    page.wait("document.querySelector('[data-testid=keep-unavailable]').textContent.includes('not available')")
        .await;
    assert_eq!(
        page.js("return document.querySelector('[data-testid=keep-local]').disabled")
            .await,
        json!(true)
    );
    page.click("canned-console-without-mfa").await;
    page.wait(&results_rows_are(3)).await;
    page.show_checks().await;
    page.close().await;
}

/// Every script, module and style sheet the built page runs but its service worker (which the
/// browser fetches past its HTTP cache) is named by its content: a new build's page can only
/// name its own files.
#[test]
#[ignore = "needs dist/: `cargo xtask test` runs it"]
fn every_file_the_page_runs_is_named_by_its_content() {
    let mut run = 0;
    for entry in std::fs::read_dir(workspace().join("dist")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = [".js", "_bg.wasm", ".css"]
            .iter()
            .find_map(|ext| name.strip_suffix(ext))
        else {
            continue;
        };
        if name == "sw.js" {
            continue;
        }
        let hash = stem.rsplit('-').next().unwrap();
        assert!(
            hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "dist/{name} is not named by its content"
        );
        run += 1;
    }
    // boot, page, the engine's worker, the page's module and glue, the translator's, the styles.
    assert_eq!(run, 8);
}

/// Regression: the page's own scripts kept one name from build to build. A browser with no
/// service worker (the page served over plain HTTP from another machine) ran a new build's page
/// with the old build's scripts from its HTTP cache, which it took for fresh.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_new_build_runs_whole_where_the_browser_kept_the_old_builds_files() {
    let page = open_browser(&[], "", &[], &[NOT_SECURE]).await;
    let dir = page.served();
    // Served as a static host serves files last changed long ago: a browser takes its copies
    // of them for fresh for days.
    let long_ago = std::time::UNIX_EPOCH + Duration::from_secs(1_577_836_800);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(long_ago).unwrap();
        }
    }
    let port = page.base.rsplit(':').next().unwrap().trim_end_matches('/');
    let at = format!("http://credreport.test:{port}/?sample");
    page.client.goto(&at).await.unwrap();
    page.until_results_show().await;

    // A new build deployed: its page script changed, and its page.
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let (_, after) = index
        .split_once("src=\"page-")
        .expect("the page names its script");
    let old = format!("page-{}", after.split_once('"').unwrap().0);
    let script = std::fs::read_to_string(dir.join(&old)).unwrap();
    std::fs::write(
        dir.join("page-next.js"),
        script + "\nglobalThis.credreportNextBuild = true;\n",
    )
    .unwrap();
    for gone in [old.clone(), format!("{old}.gz")] {
        std::fs::remove_file(dir.join(gone)).unwrap();
    }
    let changed = index.replace(&old, "page-next.js").replacen(
        "<meta charset=\"utf-8\" />",
        "<meta charset=\"utf-8\" /><meta name=\"credreport-build\" content=\"next\" />",
        1,
    );
    std::fs::write(dir.join("index.html"), changed).unwrap();

    page.client.goto(&at).await.unwrap();
    page.until_results_show().await;
    assert_eq!(
        page.js("return [document.querySelector('meta[name=credreport-build]') !== null, globalThis.credreportNextBuild === true]")
            .await,
        json!([true, true]),
        "the new build's page ran with the old build's script"
    );
    page.close().await;
}
