//! The fetch against the local stand-in, which checks every signature as the service does.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use credreport_api::{
    Client, Credentials, Endpoints, FetchError, Progress, Secret, Settings, SignatureVersion,
};
use credreport_core::{Database, Input, LoadOptions, QueryOptions};
use credreport_standin::{start, Scenario};

fn sample() -> String {
    credreport_core::sample::sample_csv(chrono::Utc::now())
}

fn quick() -> Settings {
    Settings {
        timeout: Duration::from_secs(2),
        poll_initial: Duration::from_millis(20),
        poll_max: Duration::from_millis(50),
        generation_limit: Duration::from_secs(5),
        retry_initial: Duration::from_millis(20),
        retry_limit: Duration::from_secs(2),
        max_items: None,
    }
}

fn creds(s: &Scenario) -> Credentials {
    Credentials {
        access_key_id: s.key_id.clone(),
        access_key_secret: Secret::new(s.secret.clone()),
        security_token: s.security_token.clone().map(Secret::new),
        source: "test".into(),
    }
}

/// Run a fetch against a stand-in playing `scenario`; the result, the progress heard, the calls made.
async fn fetch(
    scenario: Scenario,
    signature: SignatureVersion,
    credentials: Option<Credentials>,
) -> (
    Result<credreport_api::Fetched, FetchError>,
    Vec<Progress>,
    Vec<String>,
) {
    let credentials = credentials.unwrap_or_else(|| creds(&scenario));
    let standin = start(scenario).await;
    let client = Client::new(
        credentials,
        Endpoints {
            ims: standin.url.clone(),
            sts: standin.url.clone(),
        },
        signature,
        quick(),
    )
    .unwrap();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let h = heard.clone();
    let result = client.fetch(&move |p| h.lock().unwrap().push(p)).await;
    let heard = heard.lock().unwrap().clone();
    (result, heard, standin.calls())
}

fn users_loaded(json: &str) -> (usize, usize, String) {
    let mut db = Database::new().unwrap();
    db.load(
        &[Input::new("fetched.json", json.as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    let r = db.query("select count(*), count(distinct user_name), min(account_id) || ' ' || min(generated_time) from alicloud_ram_credential_report", &QueryOptions::default()).unwrap();
    let t = |i: usize| r.rows[0][i].as_text().unwrap();
    (t(0).parse().unwrap(), t(1).parse().unwrap(), t(2))
}

#[tokio::test]
async fn generation_is_polled_until_completed() {
    let scenario = Scenario {
        states: vec!["STARTED", "INPROGRESS", "INPROGRESS", "COMPLETED"],
        ..Scenario::new(&sample())
    };
    let (result, heard, calls) = fetch(scenario, SignatureVersion::V3, None).await;
    let fetched = result.unwrap();
    assert_eq!(
        calls,
        ["GenerateCredentialReport"; 4]
            .iter()
            .map(|s| s.to_string())
            .chain([
                "GetCredentialReport page 1".into(),
                "GetCallerIdentity".into()
            ])
            .collect::<Vec<_>>()
    );
    let states: Vec<String> = heard
        .iter()
        .filter_map(|p| match p {
            Progress::Generating { state, .. } => Some(state.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(states, ["STARTED", "INPROGRESS", "INPROGRESS"]);
    assert_eq!(fetched.account_id.as_deref(), Some("1234567890123456"));
    assert_eq!(
        users_loaded(&fetched.to_json()),
        (10, 10, "1234567890123456 2024-05-01 09:10:11".into())
    );
}

#[tokio::test]
async fn every_row_of_a_report_split_over_three_pages_arrives_once() {
    let scenario = Scenario {
        pages: 3,
        account_id: "5555".into(),
        ..Scenario::new(&sample())
    };
    let (result, heard, calls) = fetch(scenario, SignatureVersion::V3, None).await;
    let fetched = result.unwrap();
    assert_eq!(fetched.pages.len(), 3);
    assert_eq!(
        &calls[1..4],
        [
            "GetCredentialReport page 1",
            "GetCredentialReport page 2",
            "GetCredentialReport page 3"
        ]
    );
    assert!(heard.contains(&Progress::Reading { page: 3 }));
    assert_eq!(
        users_loaded(&fetched.to_json()),
        (10, 10, "5555 2024-05-01 09:10:11".into())
    );
}

#[tokio::test]
async fn an_expired_report_is_generated_again_once() {
    let scenario = Scenario {
        expire_first_read: true,
        ..Scenario::new(&sample())
    };
    let (result, _, calls) = fetch(scenario, SignatureVersion::V3, None).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        calls[..4],
        [
            "GenerateCredentialReport",
            "GetCredentialReport",
            "GenerateCredentialReport",
            "GetCredentialReport page 1"
        ]
    );
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried() {
    let scenario = Scenario {
        throttle_first: 2,
        fail_first: 1,
        ..Scenario::new(&sample())
    };
    let (result, heard, calls) = fetch(scenario, SignatureVersion::V3, None).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        calls
            .iter()
            .filter(|c| *c == "GenerateCredentialReport")
            .count(),
        4
    );
    let retries: Vec<&Progress> = heard
        .iter()
        .filter(|p| matches!(p, Progress::Retrying { .. }))
        .collect();
    assert_eq!(retries.len(), 3);
}

#[tokio::test]
async fn a_server_that_keeps_failing_is_given_up_on_in_bounded_time() {
    let scenario = Scenario {
        fail_first: 10_000,
        ..Scenario::new(&sample())
    };
    let started = std::time::Instant::now();
    let (result, _, _) = fetch(scenario, SignatureVersion::V3, None).await;
    let e = result.unwrap_err().to_string();
    assert!(
        e.starts_with("GenerateCredentialReport: still failing after retrying"),
        "{e}"
    );
    assert!(
        e.contains("InternalError")
            && e.contains("HTTP 500")
            && e.contains("RequestId STANDIN-ERR"),
        "{e}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_wrong_secret_is_a_signature_mismatch_with_code_message_and_request_id() {
    let scenario = Scenario::new(&sample());
    let wrong = Credentials {
        access_key_secret: Secret::new("not-the-secret"),
        ..creds(&scenario)
    };
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let (result, _, calls) = fetch(scenario.clone(), version, Some(wrong.clone())).await;
        let e = result.unwrap_err().to_string();
        assert!(e.starts_with(
            "Alibaba Cloud refused GenerateCredentialReport: SignatureDoesNotMatch: Specified signature is not matched with our calculation."
        ), "{e}");
        assert!(e.ends_with(
            " (HTTP 400, RequestId STANDIN-ERR) — the AccessKey secret does not match the AccessKey ID; check the credentials"
        ), "{e}");
        // The V1 answer echoes the string the service signed: its credentials come out redacted.
        if version == SignatureVersion::V1 {
            assert!(
                e.contains("server string to sign is:GET&%2F&AccessKeyId%3D***%26Action%3DGenerateCredentialReport"),
                "{e}"
            );
        }
        assert!(!e.contains("not-the-secret"));
        assert_eq!(calls, ["rejected: signature"]);
    }
}

#[tokio::test]
async fn a_slow_answer_past_the_timeout_is_an_error() {
    let scenario = Scenario {
        slow_read: Some(Duration::from_secs(4)),
        ..Scenario::new(&sample())
    };
    let (result, _, _) = fetch(scenario, SignatureVersion::V3, None).await;
    let e = result.unwrap_err();
    assert!(
        matches!(e, FetchError::Timeout { ref action, seconds: 2, .. } if action == "GetCredentialReport"),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("no answer from http://127.0.0.1:"),
        "{e}"
    );
}

#[tokio::test]
async fn the_rpc_signature_and_sts_tokens_work_end_to_end() {
    let scenario = Scenario {
        security_token: Some("sts-token-1".into()),
        pages: 2,
        ..Scenario::new(&sample())
    };
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let (result, _, calls) = fetch(scenario.clone(), version, None).await;
        assert!(result.is_ok(), "{version:?}: {result:?}");
        assert!(
            !calls.iter().any(|c| c.starts_with("rejected")),
            "{calls:?}"
        );
    }
}
