//! The Checks view: its findings as the CLI gives them, the threshold, "as of", the overview,
//! 3,500 users paged.

use super::*;

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_checks_view_judges_the_sample_and_a_link_keeps_the_threshold() {
    let page = open().await;
    page.load_sample().await;
    page.show_checks().await;
    assert!(page
        .text_of("checks-summary")
        .await
        .starts_with("13 checks:"));
    assert_eq!(
        page.js("return document.querySelectorAll('[data-testid=checks-chart] rect').length")
            .await,
        json!(39)
    );
    // The whole CIS section 1 beside the checks (#19), in the version chosen.
    assert_eq!(
        page.js("return [...document.querySelectorAll('[data-testid=cis-row]')].map(r => r.dataset.automated === 'true').filter(Boolean).length + '/' + document.querySelectorAll('[data-testid=cis-row]').length")
            .await,
        json!("6/16")
    );
    let thirteen = "return document.querySelectorAll('[data-testid=cis-row]')[12].textContent";
    assert!(page
        .js(thirteen)
        .await
        .as_str()
        .unwrap()
        .contains("365 days or greater"));
    page.js("const s = document.querySelector('[data-testid=cis-benchmark]'); s.value = 'cis-v1'; s.dispatchEvent(new Event('change', {bubbles: true}));").await;
    page.wait("document.querySelectorAll('[data-testid=cis-row]')[12].textContent.includes('90 days or less')")
        .await;
    page.open_checks().await;
    // Alarms first within a check, then by user: sorted here to compare sets.
    let statuses = |id: &str| {
        format!("return [...document.querySelectorAll(\"[data-testid='check-{id}'] tbody tr\")].map(tr => tr.cells[1].textContent.split('@')[0] + ' ' + tr.dataset.status).sort()")
    };
    assert_eq!(
        page.js(&statuses("console-users-inactive")).await,
        json!([
            "alice.sample ok",
            "bob.dormant alarm",
            "carol.newhire skip",
            "frank.mfa ok",
            "judy.former alarm"
        ])
    );
    assert_eq!(
        page.js(&statuses("cis-1.3-root-mfa")).await,
        json!(["<root> alarm"])
    );
    // A 45-day threshold puts frank (last logon 45 days and 3 hours ago) in alarm.
    page.send_keys("param-days", "45").await;
    page.js("document.querySelector('[data-testid=param-days]').dispatchEvent(new Event('change', {bubbles: true}))").await;
    page.wait("document.querySelector(\"[data-testid='check-console-users-inactive'] summary\").textContent.includes('threshold 45 days')").await;
    page.open_checks().await;
    assert_eq!(
        page.js(&statuses("console-users-inactive"))
            .await
            .as_array()
            .unwrap()[3],
        json!("frank.mfa alarm")
    );
    // Only alarms.
    page.js("const s = document.querySelector('[data-testid=status-filter]'); s.value = 'alarm'; s.dispatchEvent(new Event('change', {bubbles: true}));").await;
    let visible = page.js("return [...document.querySelectorAll(\"[data-testid='check-console-users-inactive'] tbody tr\")].filter(tr => tr.offsetParent !== null).length").await;
    assert_eq!(visible, json!(3));
    // The link carries the view and the threshold, never data.
    page.click("view-checks").await;
    let hash = page
        .js("return location.hash")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        hash.contains("view=checks") && hash.contains("days=45"),
        "{hash}"
    );
    let fresh = open_with(&[], &hash).await;
    fresh.click("load-sample").await;
    fresh.shown("checks-summary").await;
    fresh.open_checks().await;
    assert_eq!(
        fresh
            .js("return document.querySelector('[data-testid=param-days]').value")
            .await,
        json!("45")
    );
    assert_eq!(
        fresh
            .js(&statuses("console-users-inactive"))
            .await
            .as_array()
            .unwrap()[3],
        json!("frank.mfa alarm")
    );
    // Evidence export names the threshold; its file, whose checks and when.
    fresh.click("checks-json").await;
    let evidence: Value =
        serde_json::from_str(&fresh.exported(SAMPLE_ACCOUNT_ID, "checks", "json").await).unwrap();
    let inactive = evidence["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "console-users-inactive")
        .unwrap();
    assert_eq!(inactive["threshold_days"], 45);
    assert_eq!(evidence["accounts"][0], "1234567890123456");
    fresh.close().await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_overview_counts_by_age_and_a_bucket_lists_its_users() {
    let page = open().await;
    page.load_sample().await;
    page.click("view-checks").await;
    page.shown("overview").await;
    // The figures come once the database has answered (five buckets then, none before).
    page.wait("document.querySelectorAll('[data-testid^=bucket-keys-]').length === 5")
        .await;
    assert_eq!(page.text_of("console-without-mfa").await, "3");
    let counts = page.js("return [...document.querySelectorAll('[data-testid^=bucket-keys-] .bucket-count')].map(e => e.textContent)").await;
    assert_eq!(counts, json!(["0", "2", "1", "3", "2"]));
    page.click("bucket-keys-4").await;
    page.wait(&results_rows_are(2)).await;
    assert_eq!(
        page.column(0).await,
        ["<root>".to_owned(), upn("bob.dormant")]
    );
    page.click("view-checks").await;
    page.shown("bucket-logon-5").await;
    page.click("bucket-logon-5").await;
    page.wait(&results_rows_are(1)).await;
    assert_eq!(page.column(0).await, [upn("carol.newhire")]);
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_checks_view_shows_every_finding_the_cli_gives() {
    let page = open().await;
    page.load_sample().await;
    page.show_checks().await;
    page.open_checks().await;
    let shown = page
        .js("return [...document.querySelectorAll('[data-testid^=check-]')].flatMap(d => [...d.querySelectorAll('tbody tr')].map(tr => [d.dataset.testid.slice(6), tr.cells[1].textContent.split('@')[0], tr.dataset.status]))")
        .await;
    let mut shown: Vec<(String, String, String)> = serde_json::from_value(shown).unwrap();
    let mut want = crate::cli::sample_check_statuses();
    shown.sort();
    want.sort();
    assert_eq!(shown, want);
    page.close().await;
}

/// Regression (#13): `open=o.alarm > 0` printed "0 >" and opened every check; at 3,500 users
/// the open checks drew 15,000 finding rows and froze the page for seconds. Checks now start
/// collapsed, alarms first by severity, and an open check draws one page of findings.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn checks_at_3500_users_start_collapsed_alarms_first_and_page_their_findings() {
    let report = big_report(3500);
    let page = open_with(&[("big.csv", &report)], "?report=./big.csv").await;
    page.wait(&results_rows_are(100)).await;
    page.show_checks().await;
    assert_no_leaked_code(&page).await;
    assert_eq!(
        page.js(
            "return [...document.querySelectorAll('details.check')].filter(d => d.open).length"
        )
        .await,
        json!(0),
        "every check starts collapsed"
    );
    assert_eq!(
        page.js("return document.querySelectorAll('table.findings tbody tr').length")
            .await,
        json!(0),
        "no finding is drawn before its check opens"
    );
    // Alarms first, the most severe first; then the rest.
    let order: Vec<(u64, u64)> = serde_json::from_value(page.js(r#"
        const rank = {critical: 0, high: 1, medium: 2, low: 3};
        return [...document.querySelectorAll('details.check')].map(d => [
            parseInt(d.querySelector('.check-counts').textContent.match(/(\d+) alarm/)[1]) > 0 ? 0 : 1,
            rank[d.dataset.severity]])"#).await).unwrap();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "alarms first, by severity");
    assert_eq!(order[0].0, 0, "the synthetic account has alarms");
    // The first check opens on one page of 50 findings, alarms first, and pages to its last.
    let first = page
        .js("return document.querySelector('details.check').dataset.testid.slice(6)")
        .await;
    let first = first.as_str().unwrap();
    page.js("document.querySelector('details.check').open = true")
        .await;
    page.wait("document.querySelectorAll('details.check table.findings tbody tr').length === 50")
        .await;
    assert_eq!(
        page.js("return document.querySelector('details.check tbody tr').dataset.status")
            .await,
        json!("alarm")
    );
    let range =
        || page.js("return document.querySelector('details.check .pager span').textContent");
    let total: usize = range()
        .await
        .as_str()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total > 50, "{total} findings");
    let pages = total.div_ceil(50);
    let at = |from: usize| {
        format!(
            "document.querySelector('details.check .pager span').textContent.startsWith('{from}–')"
        )
    };
    for _ in 1..pages {
        page.click(&format!("findings-next-{first}")).await;
    }
    page.wait(&at((pages - 1) * 50 + 1)).await;
    // First and Last reach the ends at once.
    page.click(&format!("findings-first-{first}")).await;
    page.wait(&at(1)).await;
    page.click(&format!("findings-last-{first}")).await;
    page.wait(&at((pages - 1) * 50 + 1)).await;
    assert_eq!(
        page.js("return document.querySelectorAll('details.check table.findings tbody tr').length")
            .await,
        json!(total - (pages - 1) * 50)
    );
    assert_eq!(
        page.js(&format!(
            "return document.querySelector(\"[data-testid='findings-next-{first}']\").disabled"
        ))
        .await,
        json!(true)
    );
    // Two checks open, two pagers: each named for its check, so a screen reader's list of
    // landmarks tells them apart.
    page.js("document.querySelectorAll('details.check')[1].open = true")
        .await;
    page.wait("document.querySelectorAll('details.check .pager').length === 2")
        .await;
    let labels = page
        .js("return [...document.querySelectorAll('details.check .pager')].map(n => n.getAttribute('aria-label'))")
        .await;
    let labels: Vec<String> = serde_json::from_value(labels).unwrap();
    assert!(
        labels[0] != labels[1] && labels.iter().all(|l| l.starts_with("Findings pages: ")),
        "{labels:?}"
    );
    assert_no_leaked_code(&page).await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_refused_threshold_says_why_and_an_unknown_generation_time_can_be_given() {
    // The sample as a console CSV, which does not say when it was generated.
    let console = temp_file("report.csv", &credreport(&["sample"], b"").stdout);
    let page = open().await;
    page.upload(&[&console]).await;
    page.loaded("10 users").await;
    page.show_checks().await;
    page.js("const d = document.querySelector('[data-testid=param-days]'); d.value = '-5'; d.dispatchEvent(new Event('change', {bubbles: true}));").await;
    page.wait("document.querySelector('[data-testid=threshold-error]').textContent !== ''")
        .await;
    let why = page.text_of("threshold-error").await;
    assert!(why.contains("-5") && why.contains("0"), "{why}");
    // Judging "as of the report's generation time" says the report does not say it, and takes
    // the time from the user.
    let said = page.give_generated_time("2020-01-01 00:00:00").await;
    assert!(said.contains("judged as of now"), "{said}");
    // In 2020 nobody in the sample had been inactive long: fewer alarms than as of now.
    page.open_checks().await;
    let alarms = page
        .js("return document.querySelectorAll(\"[data-testid='check-console-users-inactive'] tr[data-status=alarm]\").length")
        .await;
    assert!(alarms.as_u64().unwrap() < 3, "{alarms}");
    page.close().await;
}

/// Regression: the overview's buckets counted ages to the clock whatever the checks judged as
/// of, so a report judged as of its own generation time had keys older in the overview than in
/// the checks. Switching "as of" counts them again, to the report's time.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_overview_counts_ages_as_of_what_the_checks_judge_as_of() {
    let sample = credreport(&["sample"], b"").stdout;
    let year_ago = (chrono::Utc::now() - chrono::Duration::days(365)).format("%Y-%m-%dT%H:%M:%SZ");
    let old = temp_file("old.json", &api_json(&sample, &year_ago.to_string()));
    let page = open().await;
    page.upload(&[&old]).await;
    page.loaded("10 users").await;
    page.show_checks().await;
    let buckets = "return [...document.querySelectorAll('[data-testid^=bucket-keys-] .bucket-count')].map(e => e.textContent).join(' ')";
    page.wait("document.querySelectorAll('[data-testid^=bucket-keys-]').length === 5")
        .await;
    let now = page.js(buckets).await;
    page.judge_as_of_reports().await;
    // Counted again (five buckets, other counts), not merely drawn again.
    page.wait(&format!(
        "document.querySelectorAll('[data-testid^=bucket-keys-]').length === 5 && (() => {{ {buckets} }})() !== {now}"
    ))
    .await;
    // As of a year before, keys rotated since are not counted old; the bucket's list agrees.
    page.click("bucket-keys-4").await;
    page.wait("document.querySelector('[data-testid=sql-editor]').value.includes('coalesce(generated_time')")
        .await;
    page.close().await;
}

/// Regression: going from the checks to a query and back judged every check again (about a
/// second over 100,000 users), as of a new moment. Opened again within minutes, the view shows
/// the checks it judged, as of that moment; later, it judges again as of now.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_checks_view_opened_again_soon_shows_the_checks_it_judged() {
    let page = open().await;
    page.load_sample().await;
    page.show_checks().await;
    let first = judged_as_of(&page).await;
    // The view names the moment too, as the evidence does.
    assert_eq!(
        page.text_of("checks-judged-as-of").await,
        format!("Judged as of {}.", first.as_str().unwrap())
    );
    // A second on, so a judgement made again would name another moment.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    page.click("view-query").await;
    page.show_checks().await;
    assert_eq!(judged_as_of(&page).await, first, "the checks it judged");
    // Six minutes on, by the page's clock.
    page.js("const now = Date.now; Date.now = () => now() + 6 * 60 * 1000; return true")
        .await;
    page.click("view-query").await;
    page.show_checks().await;
    let again = judged_as_of(&page).await;
    assert_ne!(again, first, "judged again, as of now");
    assert_eq!(
        page.text_of("checks-judged-as-of").await,
        format!("Judged as of {}.", again.as_str().unwrap())
    );
    page.close().await;
}

/// The moment the shown checks were judged as of, as their evidence says it.
async fn judged_as_of(page: &Page) -> Value {
    page.click("checks-json").await;
    let evidence: Value =
        serde_json::from_str(&page.exported(SAMPLE_ACCOUNT_ID, "checks", "json").await).unwrap();
    // The next export is named alike.
    for file in std::fs::read_dir(&page.downloads).unwrap() {
        std::fs::remove_file(file.unwrap().path()).unwrap();
    }
    evidence["as_of"].clone()
}
