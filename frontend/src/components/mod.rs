//! Presentational pieces: props in, callbacks out, no fetching.

pub mod confirm;
pub mod layout;
pub mod pager;
