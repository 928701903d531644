//! What a person reading with a screen reader, a keyboard or weak eyes meets: every state of the
//! page passes axe-core's rules (WCAG A and AA: contrast, names, labels, roles; and its best
//! practices), light and dark, at a desk and on a phone.

use super::*;

/// Regression: the rows answering the previous query, after one failed, were dimmed to a
/// contrast of 3.75:1 with the page (a NULL in dark 3:1), under the 4.5:1 WCAG asks of text; a
/// bar in the note's colour beside them marks them now. Regression: a check's skips were drawn
/// in a grey of 2.7:1 with a light page, under the 3:1 WCAG asks of a chart's shapes. Every
/// state a person reads breaks none of axe-core's rules, and its charts' colours stand 3:1:
/// the answer at a real account's size with every fold open, rows answering the previous query,
/// a PostgreSQL query's translation, the Checks view with a check open and its trend, a finding
/// accepted and the exceptions, Compare, what keeping on the device shows with a saved query and
/// a refused file, and the question a link to another site asks.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn every_state_of_the_page_breaks_no_accessibility_rule_in_light_and_dark() {
    let open_folds = "document.querySelectorAll('details').forEach(d => d.open = true)";
    for (scheme, switches) in SCHEMES {
        let page = a_month_of_one_account(switches).await;
        for (device, width, height) in [("desk", 1280, 900), ("phone", 390, 844)] {
            let at = |state: &str| format!("{scheme}, {device}: {state}");
            page.client.set_window_size(width, height).await.unwrap();
            page.click("view-query").await;
            page.type_sql("select * from alicloud_ram_credential_report")
                .await;
            page.wait(&results_rows_are(100)).await;
            page.js(open_folds).await;
            assert_accessible(&page, &at("the answer, every fold open")).await;

            page.type_sql("select nope from alicloud_ram_credential_report")
                .await;
            page.shown("stale").await;
            assert_accessible(&page, &at("rows answering the previous query")).await;

            page.type_sql("select user_name, age(now(), user_creation_time) as how_old from alicloud_ram_credential_report where user_name ilike '%1%'")
                .await;
            page.shown("translated-sql").await;
            page.gone("stale").await;
            page.js(open_folds).await;
            assert_accessible(&page, &at("a PostgreSQL query's translation")).await;

            page.click("view-checks").await;
            page.wait("document.querySelector('details.check') !== null && document.querySelector('[data-testid=trend]') !== null")
                .await;
            page.js(open_folds).await;
            page.wait("document.querySelector('details.check table.findings') !== null")
                .await;
            assert_accessible(&page, &at("the Checks view, every check open")).await;
            if device == "desk" {
                accept_first(&page, "details.check", "replaced this week").await;
                page.wait("document.querySelectorAll('[data-testid=exception]').length === 1")
                    .await;
                page.js(open_folds).await;
                assert_accessible(&page, &at("a finding accepted, the exceptions")).await;
            }

            page.click("view-compare").await;
            page.shown("compare-summary").await;
            page.js(open_folds).await;
            assert_accessible(&page, &at("Compare")).await;
        }
        // What keeping shows, a saved query and a refused file, every fold open.
        page.click("view-query").await;
        page.until_keeping_can_be_ticked().await;
        page.click("keep-local").await;
        page.until_kept(2).await;
        page.save_query("ages of users named with a 1", 1).await;
        let refused = temp_file("expired.json", EXPIRED_ANSWER);
        page.upload(&[&refused]).await;
        page.wait("document.querySelector('[data-testid=load-error]').textContent !== ''")
            .await;
        page.js(open_folds).await;
        let state = "keeping on, a saved query, a refused file";
        assert_accessible(&page, &format!("{scheme}, phone: {state}")).await;
        page.client.set_window_size(1280, 900).await.unwrap();
        assert_accessible(&page, &format!("{scheme}, desk: {state}")).await;
        page.close().await;

        let page = open_browser(
            &[],
            "?report=https://reports.example.com/report.csv",
            &[],
            switches,
        )
        .await;
        page.shown("link-question").await;
        assert_accessible(&page, &format!("{scheme}: a link's question")).await;
        page.close().await;
    }
}
