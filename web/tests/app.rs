//! The app's components in headless Chromium (wasm-bindgen-test): mount the real App, click as a
//! user would, read what the page shows.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn by_testid(id: &str) -> Option<HtmlElement> {
    document()
        .query_selector(&format!("[data-testid='{id}']"))
        .ok()
        .flatten()
        .map(|e| e.unchecked_into())
}

async fn sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, d.as_millis() as i32)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Wait (2 s at most) until the condition holds.
async fn until(what: &str, f: impl Fn() -> bool) {
    for _ in 0..200 {
        if f() {
            return;
        }
        sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting until {what}");
}

fn result_users() -> Vec<String> {
    let rows = document()
        .query_selector_all("[data-testid=results] tbody tr td:first-child")
        .unwrap();
    (0..rows.length())
        .map(|i| rows.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

// One test mounts the app once: the tab's session is shared, as in a real page.
#[wasm_bindgen_test]
async fn the_app_loads_the_sample_runs_canned_queries_and_refuses_writes() {
    leptos::mount::mount_to_body(credreport_web::components::App);
    until("the app renders", || by_testid("load-sample").is_some()).await;

    // Nothing loaded: running says what to do.
    by_testid("run-query").unwrap().click();
    until("an error shows", || {
        by_testid("error")
            .unwrap()
            .text_content()
            .unwrap_or_default()
            .contains("Load a report first")
    })
    .await;

    by_testid("load-sample").unwrap().click();
    until("results show", || !result_users().is_empty()).await;
    assert_eq!(result_users().len(), 10);
    let summary = by_testid("loaded-summary").unwrap().text_content().unwrap();
    assert!(summary.contains("Loaded: 10 users"), "{summary}");
    assert_eq!(by_testid("error").unwrap().text_content().unwrap(), "");

    by_testid("canned-root-mfa").unwrap().click();
    until("root only", || result_users() == ["<root>"]).await;
    let editor: web_sys::HtmlTextAreaElement = by_testid("sql-editor").unwrap().unchecked_into();
    assert!(editor.value().contains("user_name = '<root>'"));
    assert!(web_sys::window()
        .unwrap()
        .location()
        .hash()
        .unwrap()
        .contains("canned=root-mfa"));

    // A write typed into the editor is refused and the data stays.
    editor.set_value("delete from alicloud_ram_credential_report");
    editor
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    by_testid("run-query").unwrap().click();
    until("refused", || {
        by_testid("error")
            .unwrap()
            .text_content()
            .unwrap_or_default()
            .contains("read-only")
    })
    .await;
    by_testid("canned-console-without-mfa").unwrap().click();
    until("three users", || result_users().len() == 3).await;

    by_testid("clear").unwrap().click();
    until("cleared", || by_testid("loaded-summary").is_none()).await;
}
