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

/// Regression: a button that removed its own item, or disabled itself, or a form that went once
/// used, left the keyboard's focus nowhere: a keyboard or screen reader user who removed a
/// saved query, a kept load or an exception, gave a report its time, cleared the page or
/// answered a link's question began again from the top; so did one on whose *Cancel* the focus
/// landed once Compare's times' box went, when the comparison was done. Now the focus goes to
/// what was beside it: the same button of the next item (else the one before), else the list's
/// summary, else the section's heading.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn what_a_button_removes_leaves_the_focus_beside_it() {
    let page = open().await;
    page.sample_kept().await;
    let enter = char::from(Key::Enter).to_string();
    page.js("document.querySelector('[data-testid=library]').open = true")
        .await;
    page.press_enter("[data-testid=remove-kept]").await;
    page.gone("kept").await;
    let said = page.focus_lands_on("SUMMARY").await;
    assert!(said.starts_with("Kept on this device: 0 loads"), "{said}");

    page.click("view-checks").await;
    page.open_checks().await;
    accept_first(&page, "[data-testid='check-cis-1.3-root-mfa']", "replacing").await;
    page.shown("exception").await;
    page.js("document.querySelector('[data-testid=exceptions]').open = true")
        .await;
    page.press_enter("[data-testid=exception] button").await;
    page.gone("exception").await;
    let said = page.focus_lands_on("SUMMARY").await;
    assert!(said.starts_with("Accepted exceptions (0)"), "{said}");
    page.click("view-query").await;

    page.js("document.querySelector('[data-testid=saved]').open = true")
        .await;
    for name in ["first", "second"] {
        page.press("[data-testid=save-name]", &format!("{name}{enter}"))
            .await;
    }
    page.wait("document.querySelectorAll('[data-testid=saved-query]').length === 2")
        .await;
    let remove = "[data-testid=saved-query] button:last-child";
    page.press_enter(remove).await;
    page.wait("document.querySelectorAll('[data-testid=saved-query]').length === 1")
        .await;
    page.focus_lands_on("BUTTON").await;
    let left = page
        .js("return document.querySelector('[data-testid=saved-query]').textContent")
        .await;
    assert_eq!(
        page.js("const e = document.activeElement; return [e.textContent, e.closest('li')?.textContent]")
            .await,
        json!(["Remove", left]),
        "the other saved query's Remove"
    );
    page.keys(&enter).await;
    page.gone("saved-query").await;
    let said = page.focus_lands_on("SUMMARY").await;
    assert!(said.starts_with("Saved queries (0)"), "{said}");

    page.press_enter("[data-testid=clear]").await;
    page.gone("loaded-summary").await;
    assert_eq!(
        page.focus_lands_on("H2").await,
        "Load a report",
        "Clear, disabled once nothing is loaded: the load section's heading"
    );

    // A report that does not say when it was generated, given its time: the form goes.
    let console = temp_file("report.csv", &credreport(&["sample"], b"").stdout);
    page.upload(&[&console]).await;
    page.loaded("10 users").await;
    page.js("document.querySelectorAll('[data-testid=loaded-summary] details').forEach(d => d.open = true)")
        .await;
    // The time the file was saved, which the box offers, taken with Enter.
    page.press_enter("[data-testid=loaded-summary] form input")
        .await;
    page.wait("document.querySelector('[data-testid=loaded-summary]').textContent.includes('(as you gave it)')")
        .await;
    let said = page.focus_lands_on("H2").await;
    assert!(
        said.starts_with("Loaded"),
        "the report's section heading: {said}"
    );
    page.close().await;

    // Two console CSVs given the times they were saved, in Compare: the times' box goes, then
    // *Cancel* once the comparison is done; the view's heading has the focus.
    let (old, new) = two_console_csvs(["october.csv", "november.csv"]);
    saved_hours_ago(&old, 24 * 30);
    saved_hours_ago(&new, 2);
    let page = open().await;
    page.upload(&[&old, &new]).await;
    page.loaded("2 reports").await;
    page.click("view-compare").await;
    page.press_enter("[data-testid=use-saved-times]").await;
    page.shown("compare-summary").await;
    assert_eq!(page.focus_lands_on("H2").await, "Compare");
    page.close().await;

    // A link's question, an alert dialog, opens with the focus on its safe answer; answered
    // from the keyboard, it goes.
    let page = open_with(&[], "?report=http://localhost:9/forged.csv").await;
    page.shown("link-question").await;
    page.wait("document.activeElement.dataset.testid === 'link-dismiss'")
        .await;
    page.keys(&enter).await;
    page.gone("link-question").await;
    assert_eq!(page.focus_lands_on("H2").await, "Load a report");
    page.close().await;
}

/// Regression: the kept loads, the saved queries, the accepted exceptions, the canned queries'
/// PostgreSQL twins and a check's findings in alarm each repeat the same controls, and each was
/// named only by what it shows: a screen reader going from control to control heard "Remove,
/// button" six times, and "load on opening, checkbox" for every kept load, not which. Each
/// names its item now, as the browser's accessibility tree gives it (the name still begins
/// with what the control shows, so a voice naming it finds it). The overview's two rows of age
/// buckets and the Checks view's two rows of export buttons, which say the same ages and
/// formats, are each a group with a name.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn controls_repeated_in_a_list_say_which_item_they_act_on() {
    let (october, november) = two_months("bob.dormant");
    let page = open().await;
    page.until_keeping_can_be_ticked().await;
    page.click("keep-local").await;
    for (n, month) in [&october, &november].into_iter().enumerate() {
        page.upload(&[month]).await;
        page.until_kept(n + 1).await;
    }
    page.save_query("first", 1).await;
    page.save_query("second", 2).await;
    page.click("view-checks").await;
    page.open_checks().await;
    for check in ["cis-1.4-console-users-mfa", "access-keys-rotated"] {
        let before = page
            .js("return document.querySelectorAll('[data-testid=exception]').length")
            .await;
        accept_first(&page, &format!("[data-testid='check-{check}']"), "known").await;
        page.wait(&format!(
            "document.querySelectorAll('[data-testid=exception]').length > {before}"
        ))
        .await;
    }
    // What the browser's accessibility tree names each button and checkbox, with the folds
    // `open` picks open.
    let at = &page;
    let named = |open: &'static str| async move {
        at.js(&format!(
            "document.querySelectorAll('details').forEach(d => d.open = d.matches({open:?}))"
        ))
        .await;
        at.cdp("Accessibility.enable", json!({})).await;
        let tree = at.cdp("Accessibility.getFullAXTree", json!({})).await;
        let of = |role: &str| -> Vec<String> {
            (tree["nodes"].as_array().unwrap().iter())
                .filter(|n| n["role"]["value"] == role && n["ignored"] != true)
                .filter_map(|n| n["name"]["value"].as_str().map(str::to_owned))
                .collect()
        };
        // Each group's name and how many buttons it holds.
        let nodes = tree["nodes"].as_array().unwrap();
        let groups: Vec<(String, usize)> = (nodes.iter())
            .filter(|n| n["role"]["value"] == "group" && n["ignored"] != true)
            .map(|g| {
                let held = (g["childIds"].as_array().into_iter().flatten())
                    .filter(|id| {
                        (nodes.iter())
                            .any(|n| n["nodeId"] == **id && n["role"]["value"] == "button")
                    })
                    .count();
                (g["name"]["value"].as_str().unwrap_or("").to_owned(), held)
            })
            .collect();
        (of("button"), of("checkbox"), groups)
    };
    let each = |names: &[String], shown: &str| -> Vec<String> {
        let mut of: Vec<String> = (names.iter())
            .filter(|n| n.starts_with(shown))
            .cloned()
            .collect();
        of.sort();
        of
    };
    // One check open, with its findings (each user in alarm once): the exceptions' list and the
    // check.
    let check = "[data-testid='check-users-with-two-active-keys']";
    page.js(&format!("document.querySelector(\"{check}\").open = true"))
        .await;
    page.wait(&format!(
        "document.querySelector(\"{check} table.findings\") !== null"
    ))
    .await;
    let (buttons, _, groups) =
        named("[data-testid=exceptions], [data-testid='check-users-with-two-active-keys']").await;
    // The overview's two rows of age buckets, whose buttons say the same ages, are each a group
    // named by its line.
    // So are the evidence's buttons and the trend's, which say the same formats.
    for (row, buttons) in [
        ("Active access keys by time since rotation:", 5),
        ("Console users by last logon:", 5),
        ("Export the checks", 4),
        ("Export what is shown", 3),
    ] {
        assert!(
            groups
                .iter()
                .any(|(name, held)| name == row && *held >= buttons),
            "{row}: {groups:?}"
        );
    }
    let accept = each(&buttons, "Accept…");
    assert!(accept.len() >= 2, "{buttons:?}");
    assert!(
        accept.windows(2).all(|w| w[0] != w[1]) && accept.iter().all(|a| a.len() > 9),
        "{accept:?}"
    );
    let exceptions = each(&buttons, "Remove the exception");
    assert_eq!(exceptions.len(), 2, "{buttons:?}");
    assert_ne!(exceptions[0], exceptions[1]);
    assert!(
        exceptions[0].contains("access-keys-rotated · ")
            && exceptions[1].contains("cis-1.4-console-users-mfa · "),
        "{exceptions:?}"
    );

    page.click("view-query").await;
    let (buttons, boxes, _) = named("details").await;
    assert_eq!(
        each(&buttons, "Remove"),
        [
            "Remove first",
            "Remove november.json",
            "Remove october.json",
            "Remove second",
        ],
        "{buttons:?}"
    );
    assert_eq!(
        each(&buttons, "Load now"),
        ["Load now november.json", "Load now october.json"]
    );
    assert_eq!(
        each(&boxes, "load on opening"),
        [
            "load on opening: november.json",
            "load on opening: october.json"
        ]
    );
    let twins = each(&buttons, "PostgreSQL");
    assert_eq!(twins.len(), 6, "{twins:?}");
    assert!(
        twins.windows(2).all(|w| w[0] != w[1]) && twins.iter().all(|t| t.len() > 20),
        "{twins:?}"
    );
    page.close().await;
}
