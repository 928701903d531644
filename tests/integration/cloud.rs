//! `credreport fetch`, `query --fetch` and the `serve` proxy against the local stand-in for IMS and
//! STS (which checks every signature as the service does).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use credreport_standin::{start, Scenario};

use crate::util::*;
use credreport_testkit::served_address;

const KEY: &str = "LTAI-standin";
const SECRET: &str = "standin-secret";

fn sample() -> String {
    text(&credreport(&["sample"], b"").stdout)
}

/// A HOME that does not exist: no `~/.aliyun/config.json`, no stray credentials.
const NO_HOME: &str = "/nonexistent";

/// `credreport` with only the given environment (plus PATH and a HOME with nothing in it): no
/// stray credentials.
fn cloud_cmd(args: &[&str], url: &str, with_credentials: bool) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", NO_HOME);
    c.env("CREDREPORT_IMS_ENDPOINT", url)
        .env("CREDREPORT_STS_ENDPOINT", url);
    if with_credentials {
        c.env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
    }
    c
}

async fn output(mut c: Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || c.stdin(Stdio::null()).output().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_writes_every_page_with_the_account_and_query_reads_it_back() {
    let standin = start(Scenario {
        pages: 3,
        states: vec!["STARTED", "COMPLETED"],
        account_id: "7777".into(),
        ..Scenario::new(&sample())
    })
    .await;
    let dir = Scratch::new("fetched");
    let out_path = dir.path().join("report.json");
    let out = output(cloud_cmd(
        &["fetch", "--out", out_path.to_str().unwrap()],
        &standin.url,
        true,
    ))
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Fetched the credential report: 3 pages, account 7777"),
        "{}",
        text(&out.stderr)
    );
    let q = credreport(&["query", "--report", out_path.to_str().unwrap(), "-o", "csv", "select count(*) as users, count(distinct user_name) as distinct_users, min(account_id) as account, min(generated_time) as generated from alicloud_ram_credential_report"], b"");
    assert_eq!(
        text(&q.stdout),
        "users,distinct_users,account,generated\n10,10,7777,2024-05-01 09:10:11\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_fetch_queries_a_fresh_report_with_either_signature() {
    let standin = start(Scenario::new(&sample())).await;
    for signature in ["v3", "v1"] {
        let out = output(cloud_cmd(
            &[
                "query",
                "--fetch",
                "--signature",
                signature,
                "-o",
                "csv",
                "--canned",
                "root-mfa",
            ],
            &standin.url,
            true,
        ))
        .await;
        assert_eq!(
            out.status.code(),
            Some(0),
            "{signature}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "user_name,mfa_active\n<root>,0\n");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_without_credentials_says_where_it_looked() {
    let standin = start(Scenario::new(&sample())).await;
    let out = output(cloud_cmd(&["fetch"], &standin.url, false)).await;
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(e.contains("no Alibaba Cloud credentials found; looked in: ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET"), "{e}");
    assert!(e.contains(".aliyun/config.json"), "{e}");
    assert!(standin.calls().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_is_reported_with_the_services_code() {
    let standin = start(Scenario::new(&sample())).await;
    let mut c = cloud_cmd(&["fetch"], &standin.url, true);
    c.env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong-secret-value");
    let out = output(c).await;
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains("SignatureDoesNotMatch") && e.contains("RequestId STANDIN-ERR"),
        "{e}"
    );
    assert!(!e.contains("wrong-secret-value"));
}

/// A running `credreport serve` on an ephemeral port.
pub struct Served {
    pub base: String,
    pub port: u16,
    /// The directory it serves (`--dir`), removed once it has stopped.
    pub dir: Scratch,
    child: Child,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(url: &str, with_credentials: bool, extra: &[&str]) -> Served {
    serve_with(cloud_cmd(&[], url, with_credentials), extra, Stdio::null())
}

/// `credreport serve` from a prepared command (its environment), its log going to `log`.
fn serve_with(mut c: Command, extra: &[&str], log: impl Into<Stdio>) -> Served {
    let dir = Scratch::new("served");
    dir.file("index.html", b"<!doctype html><title>t</title>");
    let mut args = vec![
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--dir",
        dir.path().to_str().unwrap(),
    ];
    args.extend(extra);
    let mut child = c
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let base = served_address(&mut child).unwrap();
    let port = base
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Served {
        base,
        port,
        dir,
        child,
    }
}

/// The header credreport's own page sends with every API call.
const OWN: (&str, &str) = (
    credreport_core::proxy::PROXY_HEADER,
    credreport_core::proxy::PROXY_HEADER_VALUE,
);

async fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, String) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = reqwest::Client::new().request(method, url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap();
    let (status, h) = (r.status().as_u16(), r.headers().clone());
    (status, h, r.text().await.unwrap())
}

async fn get(url: &str, headers: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, String) {
    request("GET", url, headers).await
}

/// The page's fetch: a POST with the page's header.
async fn fetch_as_the_page(served: &Served, extra: &[(&str, &str)]) -> (u16, String) {
    let mut headers = vec![OWN];
    headers.extend_from_slice(extra);
    let (status, _, body) = request(
        "POST",
        &format!("{}api/credential-report", served.base),
        &headers,
    )
    .await;
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_fetches_for_its_own_page_and_never_returns_a_secret() {
    let standin = start(Scenario {
        pages: 2,
        ..Scenario::new(&sample())
    })
    .await;
    let served = serve(&standin.url, true, &[]);
    let (status, _, body) = get(&format!("{}api/status", served.base), &[OWN]).await;
    assert_eq!(status, 200);
    let status: credreport_core::proxy::Status = serde_json::from_str(&body).unwrap();
    assert!(status.proxy && status.ready, "{body}");
    assert_eq!(status.access_key_id.as_deref(), Some(KEY));
    let own = format!("http://127.0.0.1:{}", served.port);
    let (status, headers, body) = request(
        "POST",
        &format!("{}api/credential-report", served.base),
        &[OWN, ("Origin", &own), ("Sec-Fetch-Site", "same-origin")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["access-control-allow-origin"], own.as_str());
    assert!(!body.contains(SECRET));
    let mut db = credreport_core::Database::new().unwrap();
    db.load(
        &[credreport_core::Input::new("proxy", body.as_bytes())],
        &Default::default(),
    )
    .unwrap();
    assert_eq!(db.row_count(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_refuses_other_origins_and_other_hosts() {
    let standin = start(Scenario::new(&sample())).await;
    let served = serve(
        &standin.url,
        true,
        &["--allow-origin", "https://intranet.example:8443"],
    );
    let api = format!("{}api/status", served.base);
    let (status, _, body) = get(&api, &[OWN, ("Origin", "https://evil.example")]).await;
    assert_eq!(status, 403);
    assert!(
        body.contains("--allow-origin https://evil.example"),
        "{body}"
    );
    let intranet = ("Origin", "https://intranet.example:8443");
    let (status, headers, _) = get(&api, &[OWN, intranet, ("Sec-Fetch-Site", "cross-site")]).await;
    assert_eq!(
        (
            status,
            headers["access-control-allow-origin"].to_str().unwrap()
        ),
        (200, "https://intranet.example:8443")
    );
    // DNS rebinding: a name that resolves here but is not this server's.
    // The allowed origin's preflight is answered, naming the page's header.
    let (status, headers, _) = request(
        "OPTIONS",
        &format!("{}api/credential-report", served.base),
        &[
            intranet,
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", OWN.0),
        ],
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(headers["access-control-allow-headers"], OWN.0);
    let (status, _, _) = get(
        &api,
        &[OWN, ("Host", &format!("rebind.example:{}", served.port))],
    )
    .await;
    assert_eq!(status, 421);
    let (status, _, _) = get(&served.base, &[("Host", "evil.example")]).await;
    assert_eq!(status, 421);
    // The page's own files are served with the same Host rule.
    let (status, _, body) = get(&served.base, &[]).await;
    assert_eq!((status, body.contains("<title>t</title>")), (200, true));
    assert!(standin.calls().is_empty(), "no fetch ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_fetch_at_a_time() {
    let standin = start(Scenario {
        slow_read: Some(Duration::from_millis(1500)),
        ..Scenario::new(&sample())
    })
    .await;
    let served = std::sync::Arc::new(serve(&standin.url, true, &[]));
    let first = tokio::spawn({
        let served = served.clone();
        async move { fetch_as_the_page(&served, &[]).await.0 }
    });
    // The second is asked once the first is under way (however busy the machine), while the
    // stand-in holds the first's answer for a second and a half.
    let running = || async {
        let (_, _, progress) = get(
            &format!("{}api/credential-report/progress", served.base),
            &[OWN],
        )
        .await;
        serde_json::from_str::<credreport_core::proxy::Progress>(&progress)
            .unwrap()
            .running
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !running().await {
        assert!(
            std::time::Instant::now() < deadline,
            "the first fetch never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, body) = fetch_as_the_page(&served, &[]).await;
    assert_eq!(status, 409, "{body}");
    assert!(running().await, "the first fetch still runs");
    assert_eq!(first.await.unwrap(), 200);
    assert_eq!(
        standin
            .calls()
            .iter()
            .filter(|c| c.starts_with("GenerateCredentialReport"))
            .count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credentials_the_app_is_served_and_the_fetch_explains() {
    let standin = start(Scenario::new(&sample())).await;
    let served = serve(&standin.url, false, &[]);
    let (status, _, _) = get(&served.base, &[]).await;
    assert_eq!(status, 200);
    let (_, _, body) = get(&format!("{}api/status", served.base), &[OWN]).await;
    assert!(
        body.contains("\"ready\":false") && body.contains("no Alibaba Cloud credentials found"),
        "{body}"
    );
    let (status, body) = fetch_as_the_page(&served, &[]).await;
    assert_eq!(status, 503);
    assert!(
        body.contains("The proxy has no Alibaba Cloud credentials"),
        "{body}"
    );
}

/// `serve` sends a file that has no gzip beside it (a report put beside the page) gzipped as it
/// goes, and a file that has one (the app's, written by `build-web`) as that gzip; either way
/// what arrives is the file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_files_gzipped_and_they_arrive_intact() {
    use std::io::Read as _;
    let standin = start(Scenario::new(&sample())).await;
    let served = serve(&standin.url, false, &[]);
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let report = credreport_core::sample::synthetic_csv(3_500, "1000000000000001", 7, now);
    std::fs::write(served.dir.path().join("report.csv"), &report).unwrap();
    std::fs::write(served.dir.path().join("app.js"), "let page = 'app.js';").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, b"let page = 'app.js, precompressed';").unwrap();
    std::fs::write(served.dir.path().join("app.js.gz"), gz.finish().unwrap()).unwrap();

    let gunzipped = |name: &'static str| {
        let url = format!("{}{name}", served.base);
        async move {
            let r = reqwest::Client::new()
                .get(url)
                .header("Accept-Encoding", "gzip")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200, "{name}");
            assert_eq!(
                r.headers()
                    .get("content-encoding")
                    .and_then(|v| v.to_str().ok()),
                Some("gzip"),
                "{name}"
            );
            let sent = r.bytes().await.unwrap();
            let mut body = String::new();
            flate2::read::GzDecoder::new(&sent[..])
                .read_to_string(&mut body)
                .unwrap();
            (sent.len(), body)
        }
    };
    let (sent, body) = gunzipped("report.csv").await;
    assert_eq!(body, report, "the report arrives as it is on disk");
    assert!(
        sent < report.len() / 3,
        "{sent} bytes sent for {}",
        report.len()
    );
    let (_, body) = gunzipped("app.js").await;
    assert_eq!(body, "let page = 'app.js, precompressed';");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_fetch_judges_a_fresh_report() {
    let standin = start(Scenario {
        account_id: "4242".into(),
        ..Scenario::new(&sample())
    })
    .await;
    let out = output(cloud_cmd(
        &[
            "check",
            "--fetch",
            "--check",
            "cis-1.3-root-mfa",
            "-o",
            "csv",
        ],
        &standin.url,
        true,
    ))
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("cis-1.3-root-mfa,1.3,critical,,acs:ram::4242:user/<root>,alarm,the root account has no MFA,4242,<root>"), "{}", text(&out.stdout));
}

/// Regression (attack review): a request without `Origin` — what an `<img>`, a `<script>`, a
/// form or a link on any page sends — drove the proxy to fetch with the user's keys.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_answers_nothing_another_sites_page_can_send() {
    let standin = start(Scenario::new(&sample())).await;
    let served = serve(&standin.url, true, &[]);
    let fetch = format!("{}api/credential-report", served.base);
    let status_url = format!("{}api/status", served.base);
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let cross = ("Sec-Fetch-Site", "cross-site");
    let evil = ("Origin", "https://evil.example");
    type Headers<'a> = Vec<(&'a str, &'a str)>;
    let shapes: Vec<(&str, &str, Headers)> = vec![
        // <img src>, <script src>, a link: a GET with no Origin and no header.
        ("GET", &fetch, vec![]),
        ("GET", &fetch, vec![cross, ("Sec-Fetch-Dest", "image")]),
        // A form posted from another site.
        ("POST", &fetch, vec![form, evil, cross]),
        // A form whose browser sends no Origin (an old browser, a `Referrer-Policy`), no header.
        ("POST", &fetch, vec![form]),
        // A fetch() from another site that somehow carried the header: refused by Sec-Fetch-Site.
        ("POST", &fetch, vec![OWN, cross]),
        (
            "POST",
            &fetch,
            vec![
                OWN,
                ("Sec-Fetch-Site", "same-site"),
                ("Origin", "http://localhost:1"),
            ],
        ),
        // Its preflight is refused, so the browser never sends the request itself.
        (
            "OPTIONS",
            &fetch,
            vec![evil, ("Access-Control-Request-Method", "POST")],
        ),
        // The status, which names the AccessKey ID, likewise.
        ("GET", &status_url, vec![cross]),
        ("GET", &status_url, vec![]),
    ];
    for (method, url, headers) in shapes {
        let (status, h, body) = request(method, url, &headers).await;
        assert_eq!(status, 403, "{method} {url} {headers:?}: {body}");
        assert!(
            !h.contains_key("access-control-allow-origin"),
            "{method} {headers:?}"
        );
        assert!(!body.contains(KEY), "{body}");
    }
    // The page's own fetch, as its browser sends it, must be a POST.
    let (status, _, _) = get(&fetch, &[OWN, ("Sec-Fetch-Site", "same-origin")]).await;
    assert_eq!(status, 405);
    assert!(standin.calls().is_empty(), "{:?}", standin.calls());
    // And the page's own request works.
    let (status, body) = fetch_as_the_page(&served, &[("Sec-Fetch-Site", "same-origin")]).await;
    assert_eq!(status, 200, "{body}");
}

/// What `credreport` and its proxy print, for a token and a secret that must appear nowhere.
fn assert_no_credentials(what: &str, text: &str, token: &str) {
    for secret in [
        SECRET,
        "wrong-secret-value",
        token,
        "tok%2Fen",
        "SECRET-sts",
    ] {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
    // Where a request's credentials are named, only `***` follows.
    for name in [
        "Signature=",
        "Signature%3D",
        "SecurityToken=",
        "SecurityToken%3D",
        "AccessKeyId%3D",
    ] {
        for (at, _) in text.match_indices(name) {
            assert!(
                text[at + name.len()..].starts_with("***"),
                "{what} shows a value after {name}: {text}"
            );
        }
    }
}

/// Regression (attack review): with `--signature v1` the token rides in the URL, which transport
/// errors printed, and the service's SignatureDoesNotMatch message echoes the string it signed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_security_token_appears_in_no_output_under_either_scheme() {
    let token = "tok/en-SECRET-sts-token";
    let standin = start(Scenario {
        security_token: Some(token.into()),
        ..Scenario::new(&sample())
    })
    .await;
    // A closed port: a transport error, whose message used to name the URL.
    let closed = format!("http://127.0.0.1:{}", {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    });
    for signature in ["v1", "v3"] {
        for (endpoint, secret) in [
            (standin.url.as_str(), "wrong-secret-value"),
            (closed.as_str(), SECRET),
        ] {
            let mut c = cloud_cmd(&["fetch", "--signature", signature], endpoint, true);
            c.env("ALIBABA_CLOUD_SECURITY_TOKEN", token)
                .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret);
            let out = output(c).await;
            assert_eq!(out.status.code(), Some(1));
            let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
            assert!(
                stderr.contains("SignatureDoesNotMatch") || stderr.contains("cannot reach"),
                "{signature} {endpoint}: {stderr}"
            );
            assert_no_credentials("stdout", &stdout, token);
            assert_no_credentials("stderr", &stderr, token);
        }
        // The proxy: its answer to the page and its log.
        let log = temp_file("serve.log", b"");
        let mut c = cloud_cmd(&[], &standin.url, true);
        c.env("ALIBABA_CLOUD_SECURITY_TOKEN", token)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong-secret-value");
        let served = serve_with(
            c,
            &["--signature", signature],
            std::fs::File::create(&log).unwrap(),
        );
        let (status, body) = fetch_as_the_page(&served, &[]).await;
        assert_eq!(status, 502, "{body}");
        assert!(body.contains("SignatureDoesNotMatch"), "{body}");
        assert_no_credentials("the proxy's answer", &body, token);
        drop(served);
        let logged = std::fs::read_to_string(&log).unwrap();
        assert!(logged.contains("fetch failed"), "{logged}");
        assert_no_credentials("the proxy's log", &logged, token);
    }
    // The service did see the token (so the test exercised it).
    assert!(
        standin.calls().iter().any(|c| c.contains("rejected")),
        "{:?}",
        standin.calls()
    );
}

#[test]
fn serve_refuses_a_wildcard_origin() {
    let dir = temp_file("index.html", b"<!doctype html>");
    let dir = dir.parent().unwrap().to_str().unwrap().to_owned();
    for origin in ["*", "https://a.example/", "null"] {
        let out = credreport(&["serve", "--dir", &dir, "--allow-origin", origin], b"");
        assert_eq!(out.status.code(), Some(1), "{origin}");
        assert!(
            text(&out.stderr).contains("no wildcard"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// Regression (#20): `serve --addr 0.0.0.0:PORT` warned that other machines could reach it, then
/// answered every request naming the machine's address with 421. Now it asks for the names
/// (`--allow-host`), answers them, warns that it is reachable, and still refuses any other Host.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_on_every_interface_answers_the_hosts_it_is_given_and_no_other() {
    let dir = temp_file("index.html", b"<!doctype html>");
    let dir = dir.parent().unwrap().to_str().unwrap().to_owned();
    let out = credreport(&["serve", "--addr", "0.0.0.0:0", "--dir", &dir], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("add --allow-host NAME"),
        "{}",
        text(&out.stderr)
    );
    let out = credreport(
        &[
            "serve",
            "--addr",
            "0.0.0.0:0",
            "--dir",
            &dir,
            "--allow-host",
            "*",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no wildcard"));

    // 127.0.0.2 stands for the machine's LAN address: bound to every interface, it reaches us.
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--addr",
            "0.0.0.0:0",
            "--dir",
            &dir,
            "--allow-host",
            "127.0.0.2",
        ])
        .env_clear()
        .env("HOME", NO_HOME)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = served_address(&mut child).unwrap();
    let port = base
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    let (status, _, _) = get(&format!("http://127.0.0.2:{port}/"), &[]).await;
    assert_eq!(status, 200, "the allowed host is answered");
    let (status, _, _) = get(&format!("http://127.0.0.1:{port}/"), &[]).await;
    assert_eq!(status, 200, "loopback still is");
    let (status, _, _) = get(
        &format!("http://127.0.0.2:{port}/"),
        &[("Host", &format!("rebind.example:{port}"))],
    )
    .await;
    assert_eq!(status, 421, "any other Host is refused");
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    assert!(
        text(&out.stderr).contains("warning: listening on 0.0.0.0:0, which is not loopback"),
        "{}",
        text(&out.stderr)
    );
}

/// Regression (#20): with the `~/.aliyun/config.json` that `aliyun configure` writes
/// (`"current": "default"`) and no --profile, fetch said no credentials were found.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_uses_the_current_profile_aliyun_configure_wrote() {
    let standin = start(Scenario::new(&sample())).await;
    let mut c = cloud_cmd(&["fetch"], &standin.url, false);
    let home_dir = Scratch::new("home");
    c.env("HOME", home_dir.path());
    let home = home_dir.path();
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::fs::write(
        home.join(".aliyun/config.json"),
        format!(
            r#"{{"current":"default","profiles":[{{"name":"default","mode":"AK","access_key_id":"{KEY}","access_key_secret":"{SECRET}","region_id":"cn-hangzhou"}}]}}"#
        ),
    )
    .unwrap();
    let out = output(c).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"Content\""));

    let mut only_id = cloud_cmd(&["fetch"], &standin.url, false);
    only_id.env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY);
    let out = output(only_id).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"),
        "{}",
        text(&out.stderr)
    );
}
