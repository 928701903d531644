//! Accepting a finding in alarm (its "Accept…" button opens this under it): asks why and until
//! when, then adds the exception. The form takes the keyboard's focus as it opens; Cancel (or
//! Escape) gives it back to the "Accept…" button that opened it.

use leptos::prelude::*;
use leptos::{ev, html};
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
    /// The "Accept…" button that opened the form: the focus goes back to it on Cancel.
    opener: NodeRef<html::Button>,
    /// Called once the exception is added.
    on_accepted: Callback<()>,
) -> impl IntoView {
    let ui = state::use_state();
    let reason = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(field) = reason.get() {
            let _ = field.focus();
        }
    });
    let cancel = move || {
        open.set(false);
        if let Some(button) = opener.get_untracked() {
            let _ = button.focus();
        }
    };
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
                on_accepted.run(());
                ui.exceptions.update(|all| all.push(exception));
            }
            Err(why) => error.set(Some(why)),
        }
    };
    view! {
        <form
            class="accept"
            data-testid="accept-form"
            on:submit={on_submit}
            on:keydown={move |e: ev::KeyboardEvent| {
                if e.key() == "Escape" {
                    e.prevent_default();
                    cancel();
                }
            }}
        >
            <input
                node_ref={reason}
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
            <button type="button" class="linkish" on:click={move |_| cancel()}>
                "Cancel"
            </button>
            <span class="error" role="alert">
                {move || error.get()}
            </span>
        </form>
    }
}
