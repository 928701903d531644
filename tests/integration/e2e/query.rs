//! The Query view: canned queries, typed SQL and its errors, sorting, filtering and paging an
//! answer, exports, share links, PostgreSQL and its translator, *Cancel*, the keyboard.

use super::*;

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_sample_report_answers_every_canned_query() {
    let page = open().await;
    page.load_sample().await;
    assert!(page
        .text_of("loaded-summary")
        .await
        .contains("10 users, account 1234567890123456"));
    let expect: [(&str, Vec<String>); 6] = [
        (
            "logged-in-last-90-days",
            vec!["<root>".into(), upn("alice.sample"), upn("frank.mfa")],
        ),
        (
            "not-logged-in-90-days",
            vec![upn("judy.former"), upn("bob.dormant")],
        ),
        (
            "console-never-logged-in",
            vec![upn("carol.newhire"), upn("erin.disabled")],
        ),
        (
            "access-keys-older-90-days",
            vec!["<root>".into(), upn("bob.dormant"), upn("dave.automation")],
        ),
        (
            "console-without-mfa",
            vec!["<root>".into(), upn("bob.dormant"), upn("carol.newhire")],
        ),
        ("root-mfa", vec!["<root>".into()]),
    ];
    for (name, users) in expect {
        page.click(&format!("canned-{name}")).await;
        let editor = page
            .js("return document.querySelector('[data-testid=sql-editor]').value")
            .await;
        assert_eq!(
            editor.as_str().unwrap(),
            credreport_core_sql(name),
            "{name}: the editor shows the canned SQL"
        );
        // Its answer, not the last query's: the first column holds the users expected.
        page.wait(&format!(
            "JSON.stringify([...document.querySelectorAll('[data-testid=results] tbody tr')].map(tr => tr.cells[0].textContent).sort()) === {:?}",
            json!(sorted(users.clone())).to_string()
        ))
        .await;
        let got = page.column(0).await;
        // Where the seed orders, the order is checked; otherwise the set.
        if matches!(name, "not-logged-in-90-days" | "access-keys-older-90-days") {
            assert_eq!(got, users, "{name}");
        } else {
            assert_eq!(sorted(got), sorted(users), "{name}");
        }
    }
    assert_eq!(
        page.rows().await,
        [[Some("<root>".to_owned()), Some("false".to_owned())]],
        "a boolean reads false, not 0"
    );
    page.close().await;
}

/// The canned SQL as the CLI prints it (the same core).
fn credreport_core_sql(name: &str) -> String {
    let out = credreport(&["queries", "--sql"], b"");
    let listing = text(&out.stdout);
    let start = listing.lines().position(|l| l.starts_with(name)).unwrap();
    listing
        .lines()
        .skip(start + 2) // the name, then "  SQLite:"
        .take_while(|l| !l.is_empty() && *l != "  PostgreSQL:")
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn typed_sql_runs_and_an_error_says_where() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql("select user_name, mfa_active\nfrom alicloud_ram_credential_report\nwhere mfa_active = 1\norder by 1").await;
    page.wait("document.querySelector('[data-testid=results] tbody tr td').textContent.startsWith('alice')").await;
    assert_eq!(
        page.column(0).await,
        [
            upn("alice.sample"),
            upn("frank.mfa"),
            upn("ivan.inactive"),
            upn("judy.former")
        ]
    );
    assert!(page.text_of("row-count").await.starts_with("4 rows"));
    page.type_sql("select user_name\nfrom alicloud_ram_credential_report\nwhere mfa_actve = 1")
        .await;
    page.wait("document.querySelector('[data-testid=error]').textContent !== ''")
        .await;
    let error = page.text_of("error").await;
    assert!(error.contains("no such column: mfa_actve"), "{error}");
    assert!(error.contains("(at line 3, column 7)"), "{error}");
    page.type_sql("drop table alicloud_ram_credential_report")
        .await;
    page.wait("document.querySelector('[data-testid=error]').textContent.includes('read-only')")
        .await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn headers_sort_and_the_filter_narrows() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql("select user_name, julianday('now') - julianday(user_last_logon) as days from alicloud_ram_credential_report").await;
    page.wait(&results_rows_are(10)).await;
    let header = "[data-testid=results] th:nth-child(2) button";
    page.client
        .find(Locator::Css(header))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let days: Vec<String> = page.column(1).await;
    assert_eq!(&days[..4], ["NULL", "NULL", "NULL", "NULL"]); // never logged on: NULLs first
    let numbers: Vec<f64> = days[4..].iter().map(|d| d.parse().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] <= w[1]), "{numbers:?}");
    page.client
        .find(Locator::Css(header))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(page.column(1).await.last().unwrap(), "NULL");
    page.send_keys("filter", "DORMANT").await;
    page.wait(&results_rows_are(1)).await;
    assert_eq!(page.column(0).await, [upn("bob.dormant")]);
    assert!(page
        .text_of("row-count")
        .await
        .contains("10 rows, 1 match the filter"));
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn exports_are_safe_to_open_in_a_spreadsheet() {
    let report = format!(
        "{HEADER}\n{}\n{}\n",
        row("<root>"),
        row("\"=HYPERLINK(\"\"http://x\"\")@1111111111111111.onaliyun.com\"")
    );
    let file = temp_file("formula.csv", report.as_bytes());
    let page = open().await;
    page.upload(&[&file]).await;
    page.wait(&results_rows_are(2)).await;
    page.type_sql(
        "select user_name, mfa_active from alicloud_ram_credential_report order by user_name",
    )
    .await;
    page.wait(
        "document.querySelector('[data-testid=results] th').textContent.includes('user_name')",
    )
    .await;
    page.click("export-csv").await;
    page.click("export-json").await;
    // The name says whose report, when, and what: several exports in one folder stay apart.
    let csv = page.exported("1111111111111111", "query", "csv").await;
    assert_eq!(csv, "user_name,mfa_active\r\n<root>,0\r\n\"'=HYPERLINK(\"\"http://x\"\")@1111111111111111.onaliyun.com\",0\r\n");
    let json: Value =
        serde_json::from_str(&page.exported("1111111111111111", "query", "json").await).unwrap();
    assert_eq!(
        json[1]["user_name"],
        "=HYPERLINK(\"http://x\")@1111111111111111.onaliyun.com"
    );
    assert_eq!(json[1]["mfa_active"], 0);
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_share_link_restores_the_query_in_a_fresh_page() {
    let page = open().await;
    page.load_sample().await;
    let sql = "select user_name\nfrom alicloud_ram_credential_report\nwhere user_name like '%dormant%' -- a comment & a # sign\n";
    page.type_sql(sql).await;
    page.wait(&results_rows_are(1)).await;
    page.click("share-link").await;
    page.shown("share-url").await;
    let link = page
        .js("return document.querySelector('[data-testid=share-url]').value")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        !link.contains("dormant") && !link.contains("1234567890123456"),
        "the link carries compressed SQL only: {link}"
    );
    let fragment = link.split('#').nth(1).unwrap().to_owned();

    let fresh = open_with(&[], &format!("#{fragment}")).await;
    let editor = fresh
        .js("return document.querySelector('[data-testid=sql-editor]').value")
        .await;
    assert_eq!(editor.as_str().unwrap(), sql);
    assert!(
        fresh.rows().await.is_empty(),
        "nothing runs before a report is loaded"
    );
    fresh.load_sample().await;
    fresh.wait(&results_rows_are(1)).await;
    assert_eq!(fresh.column(0).await, [upn("bob.dormant")]);
    fresh.close().await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_canned_link_and_back_and_forward() {
    let page = open().await;
    page.load_sample().await;
    page.click("canned-root-mfa").await;
    page.wait(&results_rows_are(1)).await;
    page.click("canned-console-without-mfa").await;
    page.wait(&results_rows_are(3)).await;
    page.client.back().await.unwrap();
    page.wait("document.querySelector('[data-testid=sql-editor]').value.includes(\"user_name = '<root>'\")").await;
    page.wait(&results_rows_are(1)).await;
    assert!(page.js("return document.querySelector(\"[data-testid='canned-root-mfa']\").classList.contains('active')").await == json!(true));
    page.client.forward().await.unwrap();
    page.wait(&results_rows_are(3)).await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_runaway_query_runs_beside_a_live_page_and_cancel_stops_it_at_once() {
    let page = open().await;
    page.client.set_window_size(390, 844).await.unwrap();
    page.load_sample().await;
    page.wait(&results_rows_are(10)).await;
    page.type_sql(
        "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n",
    )
    .await;
    page.shown("running").await;
    // "Running…" and Cancel fit a phone's width too.
    assert_eq!(page.js(&format!("return {FITS}")).await, json!(true));
    // The page still paints and runs script while the query runs: were SQLite on the page's
    // thread, this would only run once the query ended, and see no "Running…".
    let live = page
        .js(
            "return await new Promise(done => requestAnimationFrame(() => \
             done(document.querySelector('[data-testid=running]') !== null)))",
        )
        .await;
    assert_eq!(live, json!(true));
    assert!(page
        .text_of("stale")
        .await
        .contains("the new one is still running"));
    page.click("cancel").await;
    page.gone("running").await;
    assert!(page.text_of("error").await.contains("Cancelled"));
    // What was loaded is loaded still, in the new worker.
    page.click("canned-root-mfa").await;
    page.wait(&results_rows_are(1)).await;
    assert_eq!(page.text_of("error").await, "");
    page.close().await;
}

/// Regression: when the database's engine failed on a request, the page started a new worker
/// and answered that request with the failure, but the requests waiting behind it in the old
/// worker were never answered: a Clear clicked while a query ran did nothing, and said nothing,
/// for good. Here the worker's answers are held back while the query and Clear wait, then the
/// first is turned into the message the worker sends when its engine fails, and the rest are
/// dropped, as a worker ended with them would.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn regression_a_clear_waiting_behind_a_request_the_database_failed_on_is_answered() {
    let page = open().await;
    page.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": r#"
            window.__held = null;
            let handled = null;
            window.__fail = () => {
                const first = window.__held[0];
                window.__held = null;
                handled({ data: [first.data[0], null, 'a failure the test made'] });
            };
            const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
            Object.defineProperty(Worker.prototype, 'onmessage', {
                configurable: true,
                get() { return onmessage.get.call(this); },
                set(handler) {
                    onmessage.set.call(this, handler && ((event) => {
                        if (window.__held && event.data[1] instanceof Uint8Array) {
                            window.__held.push(event);
                            handled = handler;
                            return;
                        }
                        return handler(event);
                    }));
                },
            });
        "#}),
    )
    .await;
    page.client.refresh().await.unwrap();
    page.shown("load-sample").await;
    page.load_sample().await;
    page.wait(&results_rows_are(10)).await;
    page.js("window.__held = []; return null").await;
    page.type_sql("select count(*) from alicloud_ram_credential_report")
        .await;
    page.shown("running").await;
    page.click("clear").await;
    // The worker has answered both; neither answer has reached the page.
    page.wait("window.__held.length >= 2").await;
    page.js("window.__fail(); return null").await;
    page.gone("running").await;
    assert!(page.text_of("error").await.contains("the database failed"));
    page.wait(
        "document.querySelector('[data-testid=load-error]')?.textContent.includes('Not cleared')",
    )
    .await;
    assert!(
        page.text_of("load-error").await.contains("try again"),
        "{}",
        page.text_of("load-error").await
    );
    // What was loaded is loaded again in the new worker; Clear, clicked again, clears it.
    page.shown("loaded-summary").await;
    page.click("clear").await;
    page.gone("loaded-summary").await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_postgresql_examples_run_in_the_page_and_load_the_translator_only_then() {
    let page = open().await;
    page.load_sample().await;
    let fetched = "return performance.getEntriesByType('resource').some(e => e.name.includes('credreport-pg-'))";
    assert_eq!(
        page.js(fetched).await,
        json!(false),
        "a SQLite session does not download the translator"
    );
    for (name, sql) in credreport_core::CANNED_POSTGRES {
        let before = page
            .js("return performance.getEntriesByName('credreport:query').length")
            .await;
        page.click(&format!("canned-{name}-postgres")).await;
        page.wait(&format!(
            "performance.getEntriesByName('credreport:query').length > {before}"
        ))
        .await;
        let editor = page
            .js("return document.querySelector('[data-testid=sql-editor]').value")
            .await;
        assert_eq!(editor.as_str(), Some(*sql), "{name}: word for word");
        assert!(
            page.text_of("translated-sql").await.contains("SELECT"),
            "{name}: the SQLite it ran as is shown"
        );
        // The same users as the CLI's PostgreSQL twin, on the same sample.
        let cli = credreport(
            &[
                "query",
                "--sample",
                "-o",
                "json",
                "--canned",
                name,
                "--dialect",
                "postgres",
            ],
            b"",
        );
        assert_eq!(cli.status.code(), Some(0), "{}", text(&cli.stderr));
        let rows: Vec<Value> = serde_json::from_slice(&cli.stdout).unwrap();
        let users: Vec<String> = rows
            .iter()
            .map(|r| r["user_name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(sorted(page.column(0).await), sorted(users), "{name}");
        if *name == "not-logged-in-90-days" {
            let ages = page.column(2).await;
            assert!(
                ages.iter().all(|a| a.contains("mon") || a.contains("day")),
                "age() in PostgreSQL's words: {ages:?}"
            );
        }
    }
    assert_eq!(page.js(fetched).await, json!(true));

    // What the translator refuses is said, with what to write instead, and nothing runs.
    page.type_sql(
        "select to_char(user_last_logon, 'YYYY-MM-DD TZ') from alicloud_ram_credential_report",
    )
    .await;
    page.wait("document.querySelector('[data-testid=error]').textContent.includes('to_char()')")
        .await;
    assert!(page.text_of("error").await.contains("\"UTC\""));

    // A link keeps the dialect.
    page.click("share-link").await;
    page.shown("share-url").await;
    let link = page
        .js("return document.querySelector('[data-testid=share-url]').value")
        .await;
    assert!(link.as_str().unwrap().contains("d=postgres"), "{link}");
    page.close().await;
}

/// Regression (#13): in `view!`, `disabled=page + 1 >= pages` ended the tag at `>`: Next stayed
/// disabled and its label leaked code. The sample's 10 rows never had a second page, so every
/// test passed; this one pages a real account's 3,500 users to the last row.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_3500_user_result_pages_to_its_last_row() {
    let report = big_report(3500);
    let page = open_with(&[("big.csv", &report)], "?report=./big.csv").await;
    page.wait(&results_rows_are(100)).await;
    assert_no_leaked_code(&page).await;
    let pager = |p: usize| {
        format!("document.querySelector('.pager span').textContent.startsWith('Page {p} of 35')")
    };
    page.wait(&pager(1)).await;
    let first = page.column(0).await[0].clone();
    for p in 2..=35 {
        page.click("next-page").await;
        page.wait(&pager(p)).await;
    }
    assert_eq!(
        page.js("return document.querySelector('[data-testid=next-page]').disabled")
            .await,
        json!(true)
    );
    let last = page.column(0).await;
    assert_eq!(last.len(), 3500 - 34 * 100);
    assert_ne!(last[0], first);
    page.click("prev-page").await;
    page.wait(&pager(34)).await;
    // The ends are one click away: a 100,000-row answer has a thousand pages.
    page.click("first-page").await;
    page.wait(&pager(1)).await;
    assert_eq!(page.column(0).await[0], first);
    let ends = "return ['first-page', 'last-page'].map(id => document.querySelector(`[data-testid=${id}]`).disabled)";
    assert_eq!(page.js(ends).await, json!([true, false]));
    page.click("last-page").await;
    page.wait(&pager(35)).await;
    assert_eq!(page.column(0).await, last);
    assert_eq!(page.js(ends).await, json!([false, true]));
    assert_no_leaked_code(&page).await;
    page.close().await;
}

/// Regression: a pager button pressed from the keyboard that took the pages to their end
/// (Previous to the first page, Last to the last) was disabled by its own press, and the browser
/// dropped the focus to the page itself: Enter again did nothing, and a keyboard user began again
/// from the top. Now the button beside it (Next at the first page, Previous at the last) takes
/// the focus, in the answer's pager and in a check's findings, whose page comes from the
/// database's worker later.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_pager_that_reaches_its_end_from_the_keyboard_keeps_the_focus() {
    let report = big_report(3500);
    let page = open_with(&[("big.csv", &report)], "?report=./big.csv").await;
    page.wait(&results_rows_are(100)).await;
    // Enter on `testid`, as a keyboard user presses it; what has the focus once the page shows
    // `until`.
    let press = |testid: String, until: String| {
        let page = &page;
        async move {
            page.press_enter(&format!("[data-testid='{testid}']")).await;
            page.wait(&until).await;
            page.focused().await
        }
    };
    let at = |pager: &str, said: &str| {
        format!("document.querySelector(\"{pager} .pager span\").textContent.startsWith('{said}')")
    };
    let results = "section.results";
    assert_eq!(
        press("last-page".into(), at(results, "Page 35 of 35")).await,
        json!("prev-page")
    );
    assert_eq!(
        press("prev-page".into(), at(results, "Page 34 of 35")).await,
        json!("prev-page")
    );
    assert_eq!(
        press("first-page".into(), at(results, "Page 1 of 35")).await,
        json!("next-page")
    );

    page.show_checks().await;
    let check = "cis-1.4-console-users-mfa";
    page.js(&format!(
        "document.querySelector(\"[data-testid='check-{check}']\").open = true"
    ))
    .await;
    let findings = format!("[data-testid='check-{check}']");
    page.wait(&at(&findings, "1–50 of ")).await;
    assert_eq!(
        press(format!("findings-last-{check}"), at(&findings, "3451–")).await,
        json!(format!("findings-prev-{check}"))
    );
    assert_eq!(
        press(format!("findings-first-{check}"), at(&findings, "1–50 of ")).await,
        json!(format!("findings-next-{check}"))
    );
    page.close().await;
}

/// What a user reads in the answer: booleans as true/false (not 1/0), a heading that names the
/// query, keyboard focus on it after a canned query, and stale rows marked after an error.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_answer_is_named_focused_and_marked_stale_after_an_error() {
    let page = open().await;
    page.load_sample().await;
    page.click("canned-root-mfa").await;
    page.wait(&results_rows_are(1)).await;
    let title = page.text_of("results-title").await;
    let canned = page
        .js("return document.querySelector(\"[data-testid='canned-root-mfa']\").textContent")
        .await;
    assert_eq!(json!(title), canned);
    page.wait("document.activeElement?.dataset.testid === 'results-title'")
        .await;

    page.type_sql("select user_name, mfa_active from alicloud_ram_credential_report order by 1")
        .await;
    page.wait(&results_rows_are(10)).await;
    assert_eq!(page.text_of("results-title").await, "Your query");
    let mfa = page.column(1).await;
    assert!(
        mfa.iter()
            .all(|v| ["true", "false", "NULL"].contains(&v.as_str())),
        "{mfa:?}"
    );
    assert!(mfa.iter().any(|v| v == "true") && mfa.iter().any(|v| v == "false"));
    assert_eq!(
        page.js("return document.querySelector('[data-testid=stale]') === null")
            .await,
        json!(true)
    );

    page.type_sql("select nope from alicloud_ram_credential_report")
        .await;
    page.wait("document.querySelector('[data-testid=error]').textContent.includes('nope')")
        .await;
    page.shown("stale").await;
    assert_eq!(
        page.rows().await.len(),
        10,
        "the previous rows stay, marked"
    );
    page.close().await;
}

/// Regression: a load's answer took the keyboard's focus to the results whenever it arrived, so
/// a user typing meanwhile (the next query, the next report's URL) lost the keys typed after it.
/// The answer takes the focus only when nobody typed into a field since asking.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn an_answer_arriving_while_the_user_types_leaves_the_keys_in_the_field() {
    let big = temp_file("big.csv", &big_report(100_000));
    let page = open().await;
    page.upload(&[&big]).await;
    page.shown("cancel-load").await;
    let editor = page
        .client
        .find(Locator::Css("[data-testid=sql-editor]"))
        .await
        .unwrap();
    editor.click().await.unwrap();
    editor.send_keys(" -- while it loads").await.unwrap();
    assert_eq!(
        page.js("return document.querySelector('[data-testid=row-count]') === null")
            .await,
        json!(true),
        "the answer came before the typing: nothing was tested"
    );
    page.wait(&results_rows_are(100)).await;
    assert_eq!(
        page.js("return document.activeElement.id").await,
        json!("sql"),
        "the focus stays in the editor"
    );
    // WebDriver's keys go to the editor whatever has the focus, but at its end if it had lost
    // it: typed where the caret was, they follow what was typed before.
    editor.send_keys(" and after").await.unwrap();
    let typed = page
        .js("return document.querySelector('[data-testid=sql-editor]').value")
        .await;
    assert!(
        typed
            .as_str()
            .unwrap()
            .contains(" -- while it loads and after"),
        "{typed}"
    );
    page.close().await;
}

/// Regression (#20): no way to take the part of a name before `@` in PostgreSQL; in the page,
/// as on the command line, split_part and strpos now run (split_part in SQLite itself).
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_part_of_a_name_before_the_at_sign_in_the_page() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql("select split_part(user_name, '@', 1) as name from alicloud_ram_credential_report where strpos(user_name, 'alice') = 1")
        .await;
    page.shown("translated-sql").await;
    page.wait(&results_rows_are(1)).await;
    assert_eq!(page.column(0).await, ["alice.sample"]);
    page.close().await;
}

/// PostgreSQL's `DISTINCT ON` and `generate_series()`, which SQLite lacks, run in the page too
/// (Auto sends them to the translator): the first row of each group, with the result columns'
/// names as written; a series of months with the users created in each.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn distinct_on_and_generate_series_run_in_the_page() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql("select distinct on (mfa_active) mfa_active, user_name from alicloud_ram_credential_report order by 1, user_name desc")
        .await;
    page.shown("translated-sql").await;
    page.wait(&results_rows_are(3)).await;
    let header = page
        .js("return [...document.querySelectorAll('[data-testid=results] thead th')].map(th => th.textContent.trim());")
        .await;
    let header: Vec<String> = serde_json::from_value(header).unwrap();
    assert!(
        header[0].starts_with("mfa_active") && header[1].starts_with("user_name"),
        "{header:?}"
    );
    assert_eq!(page.column(0).await, ["false", "true", "NULL"]);
    assert_eq!(
        page.column(1).await,
        [
            "grace.keys@1234567890123456.onaliyun.com",
            "judy.former@1234567890123456.onaliyun.com",
            "erin.disabled@1234567890123456.onaliyun.com"
        ]
    );
    page.type_sql("select to_char(m, 'YYYY-MM') as month, count(u.user_name) as created from generate_series(timestamp '2025-06-01', timestamp '2025-09-01', interval '1 month') as m left join alicloud_ram_credential_report u on date_trunc('month', u.user_creation_time) = m group by m order by m")
        .await;
    page.wait(&results_rows_are(4)).await;
    assert_eq!(
        page.column(0).await,
        ["2025-06", "2025-07", "2025-08", "2025-09"]
    );
    page.close().await;
}

/// A list of values named after its alias and a date read by a pattern, as an administrator
/// writes an exception list or a cut-off day, run in the page (Auto sends them to the
/// translator); a text PostgreSQL cannot read stops the query with PostgreSQL's words.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn values_lists_and_dates_read_by_a_pattern_run_in_the_page() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql("with exempt(name) as (values ('alice.sample@1234567890123456.onaliyun.com')) select v.n, to_char(to_date(v.day, 'DD Mon YYYY'), 'YYYY-MM-DD') as day, count(u.user_name) filter (where u.user_name in (select name from exempt)) as exempt from (values (1, '5 Mar 2024'), (2, '29 feb 2024')) as v(n, day) cross join alicloud_ram_credential_report u group by v.n, v.day order by v.n desc")
        .await;
    page.shown("translated-sql").await;
    page.wait(&results_rows_are(2)).await;
    assert_eq!(page.column(0).await, ["2", "1"]);
    assert_eq!(page.column(1).await, ["2024-02-29", "2024-03-05"]);
    assert_eq!(page.column(2).await, ["1", "1"]);
    page.type_sql("select to_date('2024-02-30', 'YYYY-MM-DD')")
        .await;
    page.wait("document.querySelector('[data-testid=error]').textContent.includes('out of range')")
        .await;
    assert!(page
        .text_of("error")
        .await
        .contains("date/time field value out of range: \"2024-02-30\""));
    page.close().await;
}

/// PostgreSQL's JSON builders in the page (Auto sends them to the translator): a list of each
/// account's console users without MFA and a jsonb object per user, as PostgreSQL writes them,
/// in the page's SQLite (whose JSON functions the translation calls).
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn json_builders_run_in_the_page() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql("select account_id, json_agg(user_name order by user_name) filter (where password_exist and not mfa_active) as without_mfa from alicloud_ram_credential_report group by account_id")
        .await;
    page.shown("translated-sql").await;
    page.wait(&results_rows_are(1)).await;
    assert_eq!(
        page.column(1).await,
        [
            r#"["<root>", "bob.dormant@1234567890123456.onaliyun.com", "carol.newhire@1234567890123456.onaliyun.com"]"#
        ]
    );
    page.type_sql("select jsonb_build_object('user', user_name, 'mfa', mfa_active, 'created', user_creation_time::date) as doc from alicloud_ram_credential_report where user_name like 'frank%'")
        .await;
    page.wait(
        "document.querySelector('[data-testid=results] td')?.textContent.includes('\"mfa\": true')",
    )
    .await;
    let doc = page.column(0).await;
    assert!(
        doc[0].starts_with(
            r#"{"mfa": true, "user": "frank.mfa@1234567890123456.onaliyun.com", "created": ""#
        ),
        "{doc:?}"
    );
    page.close().await;
}

/// Regression (an older query's answer replaced a newer one): the page's first PostgreSQL query
/// waits for the translator's module, and a SQLite query asked meanwhile answered first; when
/// the translation came, the older query ran and its answer replaced the newer one on screen.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_query_asked_while_the_translator_loads_keeps_its_answer_on_screen() {
    let page = open().await;
    page.load_sample().await;
    let root_only = credreport(
        &["query", "--sample", "-o", "json", "--canned", "root-mfa"],
        b"",
    );
    let root_only: Vec<Value> = serde_json::from_slice(&root_only.stdout).unwrap();
    assert_eq!(root_only.len(), 1);
    // Both asked at once: a PostgreSQL twin (the translator is not loaded yet), then a SQLite
    // query with another answer.
    page.js("document.querySelector('[data-testid=canned-console-without-mfa-postgres]').click(); document.querySelector('[data-testid=canned-root-mfa]').click();")
        .await;
    page.wait("performance.getEntriesByType('resource').some(e => e.name.includes('credreport-pg-') && e.name.endsWith('_bg.wasm'))")
        .await;
    page.wait("document.querySelector('[data-testid=translating]') === null && document.querySelector('[data-testid=running]') === null")
        .await;
    // Time for the older query to have run and shown itself, were it to.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        page.column(0).await,
        [root_only[0]["user_name"].as_str().unwrap()],
        "the newer query's answer stays"
    );
    assert!(
        page.js("return document.querySelector('[data-testid=translated-sql]') === null")
            .await
            == json!(true),
        "no translation is shown for the SQLite query on screen"
    );
    let editor = page
        .js("return document.querySelector('[data-testid=sql-editor]').value")
        .await;
    assert_eq!(
        editor.as_str(),
        credreport_core::canned_sql("root-mfa", credreport_core::Dialect::Sqlite)
    );
    page.close().await;
}

/// Regression (a PostgreSQL query asked while another ran): the earlier query's answer is
/// dropped once a newer one is asked; when the newer one was then refused by the translator,
/// nothing ended "Running…", and the page offered Cancel for a query that was no longer there.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_refused_postgresql_query_asked_while_another_ran_leaves_nothing_running() {
    let page = open().await;
    page.load_sample().await;
    // Both asked at once: a SQLite query, then one the translator refuses (it is not loaded yet,
    // so the SQLite query answers first, and is dropped).
    page.js("document.querySelector('[data-testid=canned-console-without-mfa]').click(); \
             const e = document.querySelector('[data-testid=sql-editor]'); \
             e.value = \"select to_char(user_last_logon, 'YYYY-MM-DD TZ') from alicloud_ram_credential_report\"; \
             e.dispatchEvent(new Event('input', { bubbles: true })); \
             document.querySelector('[data-testid=run-query]').click();")
        .await;
    page.wait("document.querySelector('[data-testid=error]')?.textContent.includes('to_char()')")
        .await;
    page.wait("document.querySelector('[data-testid=running]') === null && document.querySelector('[data-testid=cancel]') === null")
        .await;
    page.close().await;
}

/// The functions credreport adds to SQLite for PostgreSQL's meaning run in the page's SQLite as
/// they do natively: `age()` as PostgreSQL writes it, case folded beyond A–Z, `greatest()`
/// passing over NULLs, `to_char()` with names, `justify_days()`, the ordered-set aggregates,
/// `lpad()`, `initcap()`, `trunc(x, n)`, `to_char()` of a number, regular expressions and the
/// parts in parentheses of their matches, `array_agg()`'s array and `round()` of a numeric.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn postgresql_functions_credreport_adds_run_in_the_page() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql("select age(timestamp '2024-03-01', timestamp '2024-01-31') as a, 'ÉCOLE' ilike 'éc%' as folded, upper('straße') as up, greatest(1, null, 3) as g, to_char(timestamp '2024-05-06 07:08:09', 'YYYY/MM HH24:MI') as c, to_char(timestamp '2024-05-06 07:08:09', 'FMDay FMDDth Mon, HH12 a.m.') as named, justify_days(timestamp '2024-03-01' - timestamp '2024-01-01') as j, (select mode() within group (order by account_id) from alicloud_ram_credential_report) as m, lpad('7', 3, '0') as padded, initcap('ÉCOLE o''neil') as cap, trunc(2.567, 1) as cut, mod(-7, 3) as remainder, to_char(3500, 'FM999,999') as users, (select count(*) from alicloud_ram_credential_report where user_name ~* '^(ALICE|bob)\\.') as matched, regexp_replace('alice@corp', '@.*$', '') as name, (regexp_match('ann.lee@corp', '^(\\w+)\\.(\\w+)@'))[2] as last, regexp_replace('ann.lee', '(\\w+)\\.(\\w+)', '\\2, \\1') as swapped, (string_to_array('ann.lee.ops', '.'))[2] as mid, (regexp_split_to_array('ann1lee22ops', '\\d+'))[3] as split, array_agg(distinct 'a b,c') as arr, round(0.045, 2) as half")
        .await;
    page.shown("translated-sql").await;
    page.wait(&results_rows_are(1)).await;
    let mut row = Vec::new();
    for i in 0..21 {
        row.extend(page.column(i).await);
    }
    assert_eq!(
        row,
        [
            "1 mon 1 day",
            "1",
            "STRAßE",
            "3",
            "2024/05 07:08",
            "Monday 6th May, 07 a.m.",
            "2 mons",
            "1234567890123456",
            "007",
            "École O'Neil",
            "2.5",
            "-1",
            "3,500",
            "2",
            "alice",
            "lee",
            "lee, ann",
            "lee",
            "ops",
            "{\"a b,c\"}",
            "0.05"
        ]
    );
    // "Ran as SQLite" says which functions credreport added, as --print-sqlite does.
    let added = page.text_of("added-functions").await;
    for name in [
        "pg_age(a, b)",
        "pg_ilike(",
        "pg_upper(",
        "pg_greatest(",
        "pg_to_char(",
        "pg_justify(",
        "pg_mode(",
        "pg_array_agg(",
        "pg_round(x, n)",
        "lpad(text, n[, fill])",
        "initcap(",
        "pg_trunc(",
        "pg_to_char_number(",
        "regexp_like(text, pattern[, flags])",
        "regexp_replace(text, pattern, replacement[, flags])",
    ] {
        assert!(added.contains(name), "{added}");
    }
    page.close().await;
}

/// Regression (accessibility review): the skip link, the first thing a keyboard reaches, led to
/// the query editor in every view, so in the Checks and Compare views, which have no editor, it
/// led nowhere. It takes the focus past the load panel to the view shown.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_skip_link_takes_the_keyboard_to_the_view_shown() {
    let page = open().await;
    page.load_sample().await;
    for (view, words, target) in [
        ("checks", "Skip to the checks", "checks-title"),
        ("compare", "Skip to the comparison", "compare-title"),
        ("query", "Skip to the query editor", "sql"),
    ] {
        page.click(&format!("view-{view}")).await;
        page.wait(&format!("document.getElementById('{target}') !== null"))
            .await;
        // Where Tab from the top of the page lands first; Enter follows the link.
        page.js("document.querySelector('[data-testid=skip-link]').focus()")
            .await;
        assert_eq!(page.text_of("skip-link").await, words);
        page.send_keys("skip-link", &char::from(Key::Enter).to_string())
            .await;
        page.wait(&format!("document.activeElement.id === '{target}'"))
            .await;
    }
    page.close().await;
}

/// Regression: the page's SQLite had its math functions and the CLI's had not, so
/// `select sqrt(2)` answered in the page and failed on the command line (and `soundex()` the
/// other way round). Both are one SQLite dialect: a query of SQLite's own functions gives the
/// same cells in both.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn the_page_and_the_cli_speak_one_sqlite() {
    let sql = "select sqrt(2) as s, pow(2, 10) as p, ln(10) as l, log(2, 8) as l2, mod(7, 3) as m, pi() as pi, trunc(-2.5) as t, sqlite_version() as v, json_extract('{\"a\": [1, 2]}', '$.a[1]') as j, sqlite_offset(user_name) > 0 as o, user_name regexp '^<r' as r from alicloud_ram_credential_report where user_name = '<root>'";
    let cli = credreport(&["query", "--sample", "-o", "csv", sql], b"");
    assert_eq!(cli.status.code(), Some(0), "{}", text(&cli.stderr));
    let cli_row: Vec<String> = text(&cli.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    assert_eq!(cli_row[0], "1.4142135623730951");
    assert_eq!(
        cli_row.last().map(String::as_str),
        Some("1"),
        "REGEXP matches"
    );
    let page = open().await;
    page.load_sample().await;
    page.type_sql(sql).await;
    page.wait("document.querySelector('[data-testid=results] thead')?.textContent.includes('l2')")
        .await;
    page.wait(&results_rows_are(1)).await;
    let mut page_row = Vec::new();
    for i in 0..cli_row.len() {
        page_row.extend(page.column(i).await);
    }
    assert_eq!(page_row, cli_row);
    // Neither has what the other lacks.
    let soundex = credreport(&["query", "--sample", "select soundex('x')"], b"");
    assert!(
        text(&soundex.stderr).contains("no such function: soundex"),
        "{}",
        text(&soundex.stderr)
    );
    page.type_sql("select soundex('x')").await;
    page.wait("document.querySelector('[data-testid=error]')?.textContent.includes('no such function: soundex')")
        .await;
    page.close().await;
}

/// Regression: a cell folded its value's white space away, so `lpad(x, 5)` looked unpadded
/// and a value's leading spaces or line break could not be seen. A cell shows the value as
/// it is: the padded one is wider than the bare one, and a line break makes a second line.
#[tokio::test]
#[ignore = "needs dist/ and Chromium: `cargo xtask test` runs it"]
async fn a_cell_shows_its_values_spaces_and_line_breaks() {
    let page = open().await;
    page.load_sample().await;
    page.type_sql(
        "select lpad('ab', 8) as padded, 'ab' as bare, 'a' || char(10) || 'b' as two_lines",
    )
    .await;
    page.wait(
        "document.querySelector('[data-testid=results] thead')?.textContent.includes('two_lines')",
    )
    .await;
    page.wait(&results_rows_are(1)).await;
    let sizes = page
        .js("const cells = [...document.querySelectorAll('[data-testid=results] tbody td')]; return cells.map(td => { const r = document.createRange(); r.selectNodeContents(td); const b = r.getBoundingClientRect(); return [b.width, b.height]; });")
        .await;
    let sizes: Vec<(f64, f64)> = serde_json::from_value(sizes).unwrap();
    let (padded, bare, two_lines) = (sizes[0], sizes[1], sizes[2]);
    assert!(padded.0 > bare.0 * 2.0, "{sizes:?}");
    assert!(two_lines.1 > bare.1 * 1.5, "{sizes:?}");
    page.close().await;
}
