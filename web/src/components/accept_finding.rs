//! Accepting a finding in alarm (its "Accept…" button opens this under it): asks why and until
//! when, then adds the exception.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::event_target;
use crate::browser;
use crate::logic::checks::{accept, default_expiry};
use crate::state;

#[component]
pub fn AcceptForm(
    check: &'static str,
    user: String,
    account: Option<String>,
    /// Set to false when the form is done (accepted or cancelled).
    open: RwSignal<bool>,
) -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    let today = browser::now_utc().date_naive();
    let (earliest, expiry) = (today.to_string(), default_expiry(today).to_string());
    let (user, account) = (StoredValue::new(user), StoredValue::new(account));
    let on_submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let form = event_target::<web_sys::HtmlFormElement>(&e);
        let value = |name: &str| {
            form.elements()
                .named_item(name)
                .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default()
        };
        let today = browser::now_utc().date_naive();
        match accept(
            check,
            &user.get_value(),
            account.get_value().as_deref(),
            &value("reason"),
            &value("expires"),
            today,
        ) {
            Ok(exception) => {
                error.set(None);
                open.set(false);
                ui.exceptions.update(|all| all.push(exception));
            }
            Err(why) => error.set(Some(why)),
        }
    };
    view! {
        <form class="accept" data-testid="accept-form" on:submit={on_submit}>
            <input
                type="text"
                name="reason"
                aria-label="why it is accepted"
                placeholder="why it is accepted"
                required
            />
            <label>
                "until " <input type="date" name="expires" required min={earliest} value={expiry} />
            </label>
            <button type="submit" data-testid="accept-save">
                "Accept"
            </button>
            <button type="button" class="linkish" on:click={move |_| open.set(false)}>
                "Cancel"
            </button>
            <span class="error" role="alert">
                {move || error.get()}
            </span>
        </form>
    }
}
