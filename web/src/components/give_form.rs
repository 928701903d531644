//! A form that gives a loaded report one value the report does not say itself (its generation
//! time, its account): a labelled box and a button. The caller says what to do with the value.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::event_target;
use crate::browser;

/// What one kind of value's form shows: the box's test id and placeholder, the button's words
/// and test id.
#[derive(Debug, Clone, Copy)]
pub struct GiveKind {
    pub input: &'static str,
    pub placeholder: &'static str,
    pub button: &'static str,
    pub button_id: &'static str,
    /// The box takes digits (a phone shows its number pad).
    pub numeric: bool,
}

#[component]
pub fn GiveForm(
    kind: GiveKind,
    /// The label before the box.
    label: String,
    /// The label's class.
    #[prop(optional)]
    label_class: &'static str,
    /// What the box holds at first, for the user to check and send.
    #[prop(optional_no_strip)]
    value: Option<String>,
    /// Called with what was typed, when the form is sent.
    give: impl Fn(String) + 'static,
    /// Called with what the box holds each time the user changes it, for a caller that
    /// sends several boxes at once.
    #[prop(optional)]
    typed: Option<Callback<String>>,
) -> impl IntoView {
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        // Given, the form goes (the report says its time or account now).
        browser::keep_focus_near(&e);
        let input: Option<HtmlInputElement> = event_target::<web_sys::HtmlFormElement>(&e)
            .elements()
            .named_item("value")
            .and_then(|el| el.dyn_into().ok());
        if let Some(input) = input {
            give(input.value());
        }
    };
    view! {
        <form class="load-row" on:submit={submit}>
            <label class={label_class}>
                {label}
                <input
                    type="text"
                    name="value"
                    autocomplete="off"
                    spellcheck="false"
                    inputmode={if kind.numeric { "numeric" } else { "text" }}
                    data-testid={kind.input}
                    placeholder={kind.placeholder}
                    value={value}
                    on:input={move |e| {
                        if let Some(typed) = typed {
                            typed.run(event_target_value(&e));
                        }
                    }}
                />
            </label>
            <button type="submit" data-testid={kind.button_id}>
                {kind.button}
            </button>
        </form>
    }
}
