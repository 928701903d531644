//! What the end-to-end tests (`tests/integration/e2e.rs`), the PostgreSQL differential test and
//! the bench (`crates/bench`) share, written once: a child process that ends with its owner, a
//! free port, a test's own scratch directory, a copy of `dist/`, the address `credreport serve`
//! prints, and headless Chromium through ChromeDriver with the flags this machine needs, and its
//! DevTools protocol ([`cdp`]). Dev-only: nothing shipped uses it.

use std::ffi::OsStr;
use std::io::BufRead;
use std::ops::Deref;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Map, Value};

/// A child process, killed and reaped when this is dropped.
pub struct Kill(pub Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// ChromeDriver and every browser it started, ended together when dropped. Killing ChromeDriver
/// alone left the browser of a run that failed before closing its session running, recreating
/// its profile under the temporary directory.
struct KillGroup(Child);

impl Drop for KillGroup {
    fn drop(&mut self) {
        // The group ChromeDriver leads (`process_group(0)`): its id is ChromeDriver's.
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// A directory of one test's own in the system's temporary directory, removed with everything in
/// it when this is dropped: an end-to-end test's copy of the page and its browser's profile come
/// to several megabytes, and every run of the tests would otherwise leave them behind. A failing
/// test's is kept, and its path printed, so that what it held can be looked at.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A new, empty directory named `credreport-{what}-{process}-{n}`.
    pub fn new(what: &str) -> Scratch {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("credreport-{what}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A file of this directory holding `contents`.
    pub fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("kept for a look: {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A file in a fresh temporary directory of its own, removed with it when this is dropped (so
/// hold it while anything may still read it: a page reads an uploaded file after `upload`
/// returns).
pub struct TempFile {
    path: PathBuf,
    _dir: Scratch,
}

impl Deref for TempFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempFile {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<OsStr> for TempFile {
    fn as_ref(&self) -> &OsStr {
        self.path.as_os_str()
    }
}

impl TempFile {
    /// Its path as text, for a command's arguments.
    pub fn as_str(&self) -> &str {
        self.path.to_str().expect("temporary paths are UTF-8")
    }
}

pub fn temp_file(name: &str, contents: &[u8]) -> TempFile {
    let dir = Scratch::new("test");
    TempFile {
        path: dir.file(name, contents),
        _dir: dir,
    }
}

/// A TCP port on loopback that nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// `from` copied into `to`, folders too (dist/ has wasm-bindgen's `snippets/`).
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The address a `credreport serve` child prints on its first line
/// (`… at http://127.0.0.1:PORT/ …`); its standard output must be piped.
pub fn served_address(child: &mut Child) -> Result<String, String> {
    let stdout = child.stdout.take().ok_or("serve's stdout is not piped")?;
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    line.split("at ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .map(str::to_owned)
        .ok_or_else(|| format!("serve printed {line:?}"))
}

/// Chromium's switches for a headless run here: a profile of its own (nothing cached), no
/// background connections (this machine's closed network refuses them), a 1280×1000 window.
pub fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// ChromeDriver on a free port, stopped when dropped.
pub struct Driver {
    port: u16,
    /// Dropped first: the browsers go before their temporary directory.
    _process: KillGroup,
    /// Chromium's temporary directory (`TMPDIR`): what a browser ended with its driver leaves
    /// there goes with it.
    _tmp: Scratch,
}

impl Driver {
    pub fn start() -> Result<Driver, String> {
        let port = free_port();
        let tmp = Scratch::new("chromium");
        let process = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            // A process group of its own, which the browsers it starts join.
            .process_group(0)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("chromedriver (`cargo xtask setup` installs it): {e}"))?;
        Ok(Driver {
            port,
            _process: KillGroup(process),
            _tmp: tmp,
        })
    }

    /// A new Chromium with these switches and, if given, these preferences (downloads…);
    /// retried for 10 s while ChromeDriver starts.
    pub async fn session(&self, args: &[String], prefs: Option<Value>) -> Result<Client, String> {
        let mut options = json!({ "binary": "/usr/bin/chromium", "args": args });
        if let Some(prefs) = prefs {
            options["prefs"] = prefs;
        }
        let mut caps = Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let mut last = String::new();
        for _ in 0..100 {
            let mut builder =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            match builder
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(c) => return Ok(c),
                Err(e) => last = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("no ChromeDriver session: {last}"))
    }
}

/// A JavaScript condition: the page's service worker controls it (its files are kept for
/// offline use from then on).
pub const SERVICE_WORKER_CONTROLS: &str =
    "navigator.serviceWorker && navigator.serviceWorker.controller !== null";

/// A JavaScript condition: the results table shows exactly `n` rows.
pub fn results_rows_are(n: usize) -> String {
    format!("document.querySelectorAll('[data-testid=results] tbody tr').length === {n}")
}

/// A command of Chromium's DevTools protocol, sent through ChromeDriver (`goog/cdp/execute`):
/// what a page cannot do to itself (a storage quota, the network, a script run before the
/// page's own).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Send `cmd` with `params` to the session's page; its result.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Result<Value, String> {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .map_err(|e| format!("{cmd}: {e}"))
}
