//! The one integration-test binary (ripgrep's layout): the `credreport` CLI as a user runs it, and
//! the built web app driven in headless Chromium as a user uses it.

mod cli;
mod cloud;
mod docs;
mod e2e;
mod util;
