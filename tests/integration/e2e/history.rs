//! Several reports of one account loaded together (a periodic review): older reports, undated
//! console CSVs and their times, each user listed once.

use super::*;

/// Two console CSVs of one account say no generation time: the Checks view says each user is
/// judged once per report, and what to do, instead of counting twice silently.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn two_undated_reports_of_one_account_are_said_to_be_judged_twice() {
    let (oct, dec) = two_console_csvs(["oct.csv", "dec.csv"]);
    let page = open().await;
    page.upload(&[&oct, &dec]).await;
    page.loaded("10 rows").await;
    // Said where they are loaded too, since the first answer then lists each user twice: the
    // latest view holds both (regression: only the Checks view said it).
    let said = page.text_of("loaded-alike").await;
    assert!(
        said.starts_with("oct.csv, dec.csv are reports of account 1234567890123456 that do not say when they were generated")
            && said.ends_with("alicloud_ram_credential_report_latest holds them all. Clear and load the newest alone, or give each its generation time on its card."),
        "{said}"
    );
    page.show_checks().await;
    let said = page.text_of("checks-alike").await;
    assert!(
        said.starts_with("oct.csv, dec.csv are reports of account 1234567890123456 that do not say when they were generated")
            && said.contains("Clear and load the newest alone"),
        "{said}"
    );
    // *Over time* tells them apart by their files (regression: each bar read "unknown").
    page.wait("document.querySelectorAll('[data-testid=trend] .chart-name').length === 2")
        .await;
    assert_eq!(
        page.js("return [...document.querySelectorAll('[data-testid=trend] .chart-name')].map(n => n.textContent)")
            .await,
        json!(["oct.csv (time unknown)", "dec.csv (time unknown)"])
    );
    // Each is asked for its own time, judged as of now as they are (regression: one time went
    // to both, which told them apart no better, and only when judging as of the reports' times).
    // The same time given to both is still said, not silently judged twice.
    page.wait("document.querySelectorAll('[data-testid=generated-time]').length === 2")
        .await;
    // A year ahead is a typo, refused as the CLI refuses it (nothing given).
    page.js("document.querySelector('[data-testid=generated-time]').value = '2062-12-01 00:00:00'")
        .await;
    page.click("give-generated-time").await;
    page.wait("document.querySelector('[data-testid=as-of-unknown] .error').textContent.includes('in the future')")
        .await;
    let said = page.give_generated_time("2026-12-01 00:00:00").await;
    assert!(said.contains("Give each its own"), "{said}");
    assert!(page.text_of("as-of-unknown").await.contains("dec.csv"));
    page.give_generated_time("2026-12-01 00:00:00").await;
    page.wait("(document.querySelector('[data-testid=checks-alike]')?.textContent ?? '').includes('given one generation time')")
        .await;
    page.close().await;
    // Console CSVs of an account with an alias name it by their users' logon domain alone:
    // one account's, with the same boxes (regression: "perhaps one account's", nothing to do,
    // and each card said "account unknown account").
    let page = open().await;
    // Kept until the page has read them: it reads a file after the upload returns.
    let (oct, dec) = (at_alias(&oct, "oct.csv"), at_alias(&dec, "dec.csv"));
    page.upload(&[&oct, &dec]).await;
    let loaded = page.loaded("10 rows").await;
    assert!(
        loaded.contains("5 users, account …@corp.onaliyun.com, "),
        "{loaded}"
    );
    page.show_checks().await;
    let said = page.text_of("checks-alike").await;
    assert!(
        said.starts_with("oct.csv, dec.csv are reports of account …@corp.onaliyun.com that do not say when they were generated")
            && said.contains("or give each its own generation time"),
        "{said}"
    );
    page.wait("document.querySelectorAll('[data-testid=generated-time]').length === 2")
        .await;
    page.close().await;
}

/// Regression (periodic review): every loaded report had a card of several lines at the top of
/// the page, so with half a year of weekly reports kept the views were pages below (on a phone,
/// 24 cards of four lines). Each account's latest report keeps its card; the older ones fold
/// under one line, which opens to show them.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn older_reports_fold_under_one_line_and_the_latest_keeps_its_card() {
    let sample = credreport(&["sample"], b"").stdout;
    let months: Vec<TempFile> = ["2026-09-01", "2026-10-01", "2026-11-01"]
        .iter()
        .map(|day| {
            let name = format!("{day}.json");
            temp_file(&name, &api_json(&sample, &format!("{day}T00:00:00Z")))
        })
        .collect();
    let page = open().await;
    page.upload(&months.iter().collect::<Vec<_>>()).await;
    page.loaded("30 rows").await;
    let shown = "return [...document.querySelectorAll('[data-testid=loaded-summary] li.report')].filter(li => li.checkVisibility()).map(li => li.querySelector('strong').textContent)";
    assert_eq!(page.js(shown).await, json!(["2026-11-01.json"]));
    assert_eq!(
        page.js(
            "return document.querySelector('[data-testid=older-reports] > summary').textContent"
        )
        .await,
        json!("2 older reports")
    );
    page.js("document.querySelector('[data-testid=older-reports] > summary').click()")
        .await;
    assert_eq!(
        page.js(shown).await,
        json!(["2026-11-01.json", "2026-09-01.json", "2026-10-01.json"])
    );
    // Each older one still says which is newer.
    assert_eq!(
        page.js(
            "return [...document.querySelectorAll('[data-testid=older]')].map(e => e.textContent)"
        )
        .await,
        json!([
            " · older than 2026-10-01.json",
            " · older than 2026-11-01.json"
        ])
    );
    page.close().await;
}

/// Regression (periodic review): with last month's report loaded beside this month's, the Checks
/// view counted every user twice and judged users this month's report no longer has.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_checks_view_judges_each_accounts_latest_report_and_says_so() {
    let (october, november) = two_months("carol.newhire");
    let page = open().await;
    page.upload(&[&november, &october]).await;
    page.loaded("19 rows").await;
    // What is loaded says which report is the older, and what the table holds.
    assert_eq!(
        page.js("return [...document.querySelectorAll('[data-testid=older]')].map(e => e.closest('li').querySelector('strong').textContent + e.textContent)")
            .await,
        json!(["october.json · older than november.json"])
    );
    assert!(page
        .text_of("older-loaded")
        .await
        .contains("alicloud_ram_credential_report_latest holds each account's latest only"));
    page.show_checks().await;
    let said = page.text_of("checks-left-out").await;
    assert!(
        said.starts_with("The checks judge each account's latest report; 1 report is older: october.json (2026-10-01 00:00:00)."),
        "{said}"
    );
    // Nine users, each once: the overview's count, and the MFA check's findings.
    page.wait("document.querySelector('[data-testid=overview]').textContent.startsWith('9 users')")
        .await;
    page.js(
        "document.querySelector(\"[data-testid='check-cis-1.4-console-users-mfa']\").open = true",
    )
    .await;
    page.wait("document.querySelectorAll(\"[data-testid='check-cis-1.4-console-users-mfa'] tbody tr\").length > 0")
        .await;
    let users = page
        .js("return [...document.querySelectorAll(\"[data-testid='check-cis-1.4-console-users-mfa'] td.user\")].map(td => td.textContent)")
        .await;
    let users: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert_eq!(users.len(), 8, "{users:?}");
    assert!(!users.iter().any(|u| u.starts_with("carol")), "{users:?}");
    page.close().await;
}

/// A console CSV says no generation time, and the user types one for each month's report. One
/// chosen from the device offers, in its box, when the file was saved (a console download is
/// at most 4 hours after the report was generated): checked and used without typing, in the
/// Checks view or on the report's card. Kept, it offers it on later visits too. Regression: the
/// card said to give the time in the Checks view, which showed no box while it judged as of
/// now.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn an_undated_csv_chosen_from_the_device_offers_when_it_was_saved() {
    let (oct, nov) = two_console_csvs(["oct.csv", "nov.csv"]);
    let (oct_saved, nov_saved) = (saved_box(&oct, 30 * 24), saved_box(&nov, 2));
    let page = open().await;
    page.until_keeping_can_be_ticked().await;
    page.click("keep-local").await;
    page.upload(&[&oct, &nov]).await;
    page.until_kept(1).await;
    page.loaded("generation time unknown").await;
    page.show_checks().await;
    // Two undated reports of one account cannot be told apart: each is asked its time.
    page.wait("document.querySelectorAll('[data-testid=generated-time]').length === 2")
        .await;
    assert_eq!(page.time_boxes().await, json!([oct_saved, nov_saved]));
    assert!(page
        .text_of("saved-time-hint")
        .await
        .contains("was generated at most 4 hours before. Check it"));
    page.click("give-generated-time").await;
    page.loaded(&format!("generated {oct_saved} UTC (as you gave it)"))
        .await;
    // Kept: on the next visit, the report still undated still offers its file's time.
    page.written_to_the_device(&oct_saved).await;
    page.client.refresh().await.unwrap();
    page.loaded(&format!("generated {oct_saved} UTC (as you gave it)"))
        .await;
    page.show_checks().await;
    page.judge_as_of_reports().await;
    page.wait("document.querySelectorAll('[data-testid=generated-time]').length === 1")
        .await;
    assert_eq!(
        page.js("return document.querySelector('[data-testid=generated-time]').value")
            .await,
        json!(nov_saved)
    );
    // The report's card asks too, whatever the checks judge as of, with the same offer.
    let card = "[...document.querySelectorAll('li.report')].find(li => li.querySelector('strong').textContent === 'nov.csv').querySelector('[data-testid=give-time]')";
    assert_eq!(
        page.js(&format!("const d = {card}; return [d.querySelector('summary').textContent, d.querySelector('[data-testid=corrected-time]').value]"))
            .await,
        json!(["When was it generated?", nov_saved])
    );
    page.js(&format!(
        "const d = {card}; d.open = true; d.querySelector('[data-testid=give-corrected-time]').click();"
    ))
    .await;
    page.loaded(&format!("generated {nov_saved} UTC (as you gave it)"))
        .await;
    page.close().await;
}

/// `file` marked as saved `hours` ago ([`saved_hours_ago`]): that time as a box offers it.
fn saved_box(file: &TempFile, hours: i64) -> String {
    let at = saved_hours_ago(file, hours);
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// A year of monthly console CSVs chosen at once asked for each one's time, a click each,
/// though each box offered its file's saved time. With more than one box filled, one button
/// gives each report its own, and the history is then in order. Regression: every month's
/// download may have one name (from folders of their own); the page found a file's saved time
/// by its name, so last month's box offered this month's time, and one click would have given
/// both one time. Each report offers its own file's. Regression too: the button sent the saved
/// times whatever the boxes held, so a time put right in one box was lost; it sends the boxes.
/// Regression too: what was taken was said only in the load panel, above, out of sight. And:
/// the two `report.csv` boxes looked alike; the second is now `report.csv (2)`.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn every_undated_csvs_saved_time_is_used_in_one_click() {
    let (aug, sep) = two_console_csvs(["report.csv", "report.csv"]);
    let now = chrono::Utc::now();
    let csv = credreport_core::sample::synthetic_csv(5, "1234567890123456", 3, now);
    let oct = temp_file("oct.csv", csv.as_bytes());
    let times = [
        saved_box(&aug, 60 * 24),
        saved_box(&sep, 30 * 24),
        saved_box(&oct, 2 * 24),
    ];
    let page = open().await;
    page.upload(&[&aug]).await;
    page.loaded("generation time unknown").await;
    page.upload(&[&sep, &oct]).await;
    page.loaded("oct.csv").await;
    page.show_checks().await;
    page.judge_as_of_reports().await;
    page.wait("document.querySelector('[data-testid=use-saved-times]')?.textContent === 'Use all 3 saved times'")
        .await;
    assert_eq!(page.time_boxes().await, json!(times));
    // Told apart by a number, as a browser names a second download of one file (regression:
    // both boxes, both cards, read "report.csv").
    assert_eq!(
        page.js("return [...document.querySelectorAll('label.given-time')].map(l => l.firstChild.textContent.trim())")
            .await,
        json!(["report.csv", "report.csv (2)", "oct.csv"])
    );
    let times = [
        "2026-08-01 06:00:00".to_owned(),
        times[1].clone(),
        times[2].clone(),
    ];
    page.retype("generated-time", &times[0]).await;
    page.wait("document.querySelector('[data-testid=use-saved-times]')?.textContent === 'Use these 3 times'")
        .await;
    page.click("use-saved-times").await;
    for time in &times {
        page.loaded(&format!("generated {time} UTC (as you gave it)"))
            .await;
    }
    page.gone("as-of-unknown").await;
    // Said where the times were given, once the boxes are gone (regression: said only in the
    // load panel's status line, out of sight above the checks).
    let said = page.text_of("given-times-said").await;
    assert_eq!(
        said,
        format!(
            "report.csv: taken as generated {} UTC. report.csv (2): taken as generated {} UTC. oct.csv: taken as generated {} UTC.",
            times[0], times[1], times[2]
        )
    );
    assert!(!page.text_of("status").await.contains("taken as generated"));
    page.compares_by_default(&times[1], &times[2]).await;
    page.close().await;
}

/// Last month's console CSV and this month's, the common review: Compare refused them (neither
/// says when it was generated) and asked for the times elsewhere, and once they were given it
/// still showed its refusal until a report was chosen again. It now offers each file's saved
/// time itself, and compares as soon as the times are given, the older first, saying there
/// what it took.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn compare_asks_two_undated_reports_their_times_and_compares_once_given() {
    let (oct, nov) = two_console_csvs(["oct.csv", "nov.csv"]);
    let times = [saved_box(&oct, 30 * 24), saved_box(&nov, 2 * 24)];
    let page = open().await;
    // This month's first, as a kept history reopened and this month's download would be.
    page.upload(&[&nov, &oct]).await;
    page.loaded("oct.csv").await;
    page.click("view-compare").await;
    page.shown("compare-error").await;
    page.wait("document.querySelector('[data-testid=use-saved-times]')?.textContent === 'Use all 2 saved times'")
        .await;
    page.click("use-saved-times").await;
    page.shown("compare-summary").await;
    assert!(page
        .text_of("given-times-said")
        .await
        .ends_with(&format!("oct.csv: taken as generated {} UTC.", times[0])));
    let said = page.text_of("compare-summary").await;
    assert!(
        said.contains(&format!("from the report generated at {}", times[0]))
            && said.contains(&format!("to the one generated at {}", times[1])),
        "{said}"
    );
    let old = page
        .js("const s = document.querySelector('[data-testid=compare-old]'); return s.options[s.selectedIndex].textContent")
        .await;
    assert!(old.as_str().unwrap().contains("oct.csv"), "{old}");
    assert_eq!(
        page.js("return document.querySelector('[data-testid=as-of-unknown]')")
            .await,
        Value::Null
    );
    page.close().await;
}

/// Regression: the page's first answer listed every user of every loaded report, so with last
/// month's report beside this month's (or a year of kept ones) each user stood there twice,
/// their rows alike but for what changed, and nothing said which was which. The first answer is
/// each account's latest report: each user once, as they are now; its heading, the editor and an
/// export's file name say so.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_first_answer_lists_each_user_once_beside_last_months_report() {
    let (october, november) = two_months("bob.dormant");
    let page = open().await;
    page.upload(&[&october, &november]).await;
    page.loaded("Loaded: 2 reports, 19 rows").await;
    page.wait(&results_rows_are(9)).await;
    assert_eq!(
        page.text_of("results-title").await,
        "The users of each account's latest report"
    );
    let users = page.column(0).await;
    let mut once = users.clone();
    once.dedup();
    assert_eq!(users, once, "each user once");
    assert!(!users.contains(&"bob.dormant".to_owned()), "{users:?}");
    // Exported, it is named for what it lists.
    page.click("export-csv").await;
    let csv = page.exported("1234567890123456", "users", "csv").await;
    assert_eq!(csv.lines().count(), 10, "{csv}");
    assert!(page
        .js("return document.querySelector('[data-testid=sql-editor]').value")
        .await
        .as_str()
        .is_some_and(|sql| sql.contains("from\n  alicloud_ram_credential_report_latest")));
    page.close().await;
}
