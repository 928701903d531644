//! What a view says once *Cancel* stopped its answer, with a button to ask again (nothing else
//! would: the view asks only when what it answers changes). The button takes the keyboard's
//! focus the pressed *Cancel* left nowhere.

use leptos::prelude::*;

#[component]
pub fn Cancelled(said: &'static str, again: &'static str, on_again: Callback<()>) -> impl IntoView {
    let button = NodeRef::<leptos::html::Button>::new();
    super::take_lost_focus(button);
    view! {
        <p class="hint" role="status" data-testid="cancelled">
            {said}
            " "
            <button
                type="button"
                data-testid="ask-again"
                node_ref={button}
                on:click={move |_| on_again.run(())}
            >
                {again}
            </button>
        </p>
    }
}
