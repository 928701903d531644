//! A report that names no account (a console CSV of an account with an alias never does): the
//! user can say which account it is of, as the CLI's `--account-id` does, so the changes table,
//! the evidence and the files exported name it. Every loaded report at the same alias takes it.
//! An account given can be given again, to put a typo right.

use credreport_core::protocol::Request;
use leptos::prelude::*;

use super::give_form::{GiveForm, GiveKind};
use crate::state::{self, Answer};

const ACCOUNT: GiveKind = GiveKind {
    input: "account-id",
    placeholder: "1234567890123456",
    button: "Use this account",
    button_id: "give-account-id",
    numeric: true,
};

#[component]
pub fn GiveAccount(
    /// The report (its SHA-256).
    to: String,
    /// The user gave it one already, which may be put right.
    given: bool,
) -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    // Whether it can be an account ID is the database's to say (`given_account_id`), as for
    // the CLI's option.
    let give = move |account_id: String| {
        let to = to.clone();
        ui.give(
            Request::GiveAccountId { account_id, to },
            Answer::in_panel(error),
        );
    };
    view! {
        <details class="give-account" data-testid="give-account">
            <summary>{if given { "Not this account?" } else { "Which account is it?" }}</summary>
            <GiveForm kind={ACCOUNT} label={"Account ID ".to_owned()} give />
            <span class="error" role="alert">
                {move || error.get()}
            </span>
        </details>
    }
}
