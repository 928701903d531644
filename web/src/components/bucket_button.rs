//! One bar of the overview: how many users fall in an age bucket; a click lists them.

use credreport_core::overview::Measure;
use credreport_core::AsOf;
use leptos::prelude::*;

use crate::logic::overview::Bucket;
use crate::state;

/// The bucket `b` of `measure` (`name` in its test id), as a button that lists its users, aged
/// as of `as_of`, as the overview counted them.
#[component]
pub fn BucketButton(measure: Measure, name: &'static str, b: Bucket, as_of: AsOf) -> impl IntoView {
    let ui = state::use_state();
    let Bucket {
        index,
        label,
        status,
        count,
        share,
        heading,
    } = b;
    view! {
        <button
            type="button"
            class="bucket"
            data-testid={format!("bucket-{name}-{index}")}
            data-status={status}
            on:click={move |_| ui.show_bucket(measure, index, &as_of, heading.clone())}
            title="List these users"
        >
            <span class="bucket-count">{count}</span>
            <svg width="60" height="6" aria-hidden="true">
                <rect width={60.0 * share} height="6" class={format!("bar-{status}")} />
            </svg>
            <span>{label}</span>
        </button>
    }
}
