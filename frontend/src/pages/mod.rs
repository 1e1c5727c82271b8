//! Route components; each owns its data loading.

pub mod applications;
pub mod audit;
pub mod batches;
pub mod confirm;
pub mod home;
pub mod instructions;
pub mod login;
pub mod my_record;
pub mod roster;
pub mod sync;
