//! The app's logic, outside the components: loading into a session, running queries, sorting and
//! filtering results, exports, share links. No DOM here.

pub mod checks;
pub mod compare;
pub mod dialect;
pub mod editor;
pub mod export;
pub mod grid;
pub mod keep;
pub mod links;
pub mod loads;
pub mod overview;
pub mod session;
pub mod share;
pub mod trend;
