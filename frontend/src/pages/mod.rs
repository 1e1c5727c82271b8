//! Route components; each owns its data loading.

pub mod audit;
pub mod batches;
pub mod home;
pub mod login;
pub mod my_record;
pub mod sync;
