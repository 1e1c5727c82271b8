//! Route components, grouped by area as the routes are; each owns its data
//! loading and mutations and hands data and callbacks to `components`.

pub mod admin;
pub mod common;
pub mod degree_data;
pub mod dossier;
pub mod filing;
pub mod final_review;
pub mod prelim;
pub mod student;
pub mod verification;
