//! `credreport fetch`, `query --fetch` and the `serve` proxy against the local stand-in for IMS and
//! STS (which checks every signature as the service does).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use credreport_standin::{start, Scenario};

use crate::util::*;

const KEY: &str = "LTAI-standin";
const SECRET: &str = "standin-secret";

fn sample() -> String {
    text(&credreport(&["sample"], b"").stdout)
}

/// `credreport` with only the given environment (plus PATH and a fresh HOME): no stray credentials.
fn cloud_cmd(args: &[&str], url: &str, with_credentials: bool) -> Command {
    let mut c = Command::new(BIN);
    let home = std::env::temp_dir().join(format!(
        "credreport-home-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&home).unwrap();
    c.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home);
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
    let out_path = std::env::temp_dir().join(format!(
        "credreport-fetched-{}-{}.json",
        std::process::id(),
        unique()
    ));
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
    child: Child,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(url: &str, with_credentials: bool, extra: &[&str]) -> Served {
    let dir = std::env::temp_dir().join(format!(
        "credreport-served-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    let mut args = vec![
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--dir",
        dir.to_str().unwrap(),
    ];
    args.extend(extra);
    let mut child = cloud_cmd(&args, url, with_credentials)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = served_address(&mut child);
    let port = base
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Served { base, port, child }
}

async fn get(url: &str, headers: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = reqwest::Client::new().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap();
    let (status, h) = (r.status().as_u16(), r.headers().clone());
    (status, h, r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_fetches_for_its_own_page_and_never_returns_a_secret() {
    let standin = start(Scenario {
        pages: 2,
        ..Scenario::new(&sample())
    })
    .await;
    let served = serve(&standin.url, true, &[]);
    let (status, _, body) = get(&format!("{}api/status", served.base), &[]).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("\"ready\":true") && body.contains(KEY),
        "{body}"
    );
    let own = format!("http://127.0.0.1:{}", served.port);
    let (status, headers, body) = get(
        &format!("{}api/credential-report", served.base),
        &[("Origin", &own)],
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
    let (status, _, body) = get(&api, &[("Origin", "https://evil.example")]).await;
    assert_eq!(status, 403);
    assert!(
        body.contains("--allow-origin https://evil.example"),
        "{body}"
    );
    let (status, headers, _) = get(&api, &[("Origin", "https://intranet.example:8443")]).await;
    assert_eq!(
        (
            status,
            headers["access-control-allow-origin"].to_str().unwrap()
        ),
        (200, "https://intranet.example:8443")
    );
    // DNS rebinding: a name that resolves here but is not this server's.
    let (status, _, _) = get(
        &api,
        &[("Host", &format!("rebind.example:{}", served.port))],
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
    let served = serve(&standin.url, true, &[]);
    let url = format!("{}api/credential-report", served.base);
    let first = tokio::spawn({
        let url = url.clone();
        async move { get(&url, &[]).await.0 }
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (status, _, body) = get(&url, &[]).await;
    assert_eq!(status, 409, "{body}");
    let (_, _, progress) = get(
        &format!("{}api/credential-report/progress", served.base),
        &[],
    )
    .await;
    assert!(progress.contains("\"running\":true"), "{progress}");
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
    let (_, _, body) = get(&format!("{}api/status", served.base), &[]).await;
    assert!(
        body.contains("\"ready\":false") && body.contains("no Alibaba Cloud credentials found"),
        "{body}"
    );
    let (status, _, body) = get(&format!("{}api/credential-report", served.base), &[]).await;
    assert_eq!(status, 503);
    assert!(
        body.contains("The proxy has no Alibaba Cloud credentials"),
        "{body}"
    );
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
