//! The app's components in headless Chromium (wasm-bindgen-test): mount the real App, click as a
//! user would, read what the page shows.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

// `web/page.js`, the JavaScript `index.html` runs before the app; here, the test runs it.
#[wasm_bindgen::prelude::wasm_bindgen(module = "/page.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = default)]
    static PAGE_JS: wasm_bindgen::JsValue;
}

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

// One test mounts the app once, as in a real page. The database's worker is not here (the test
// runner serves no `engine-worker.js`): the page must say so, not hang. Loading and querying
// through the worker are tested end to end on the built page (`tests/integration/e2e.rs`).
#[wasm_bindgen_test]
async fn the_app_says_what_to_do_and_that_a_missing_database_cannot_load() {
    PAGE_JS.with(|_| ());
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

    // The sample cannot load without the database: the load panel says why, and what was
    // loaded (nothing) is unchanged.
    by_testid("load-sample").unwrap().click();
    until("the load fails where it happened", || {
        by_testid("load-error")
            .unwrap()
            .text_content()
            .unwrap_or_default()
            .contains("the database worker could not run")
    })
    .await;
    let said = by_testid("load-error").unwrap().text_content().unwrap();
    assert!(said.contains("Nothing was loaded"), "{said}");
    assert!(by_testid("loaded-summary").is_none());
    assert!(result_users().is_empty());
}
