//! Presentational pieces: props in, callbacks out, no fetching (but the
//! batch picker's list of batches).

pub mod batch_picker;
pub mod confirm;
pub mod dossier;
pub mod download;
pub mod filters;
pub mod layout;
pub mod pager;
pub mod photo;
pub mod synced;
pub mod unit_picker;
