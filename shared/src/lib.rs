//! Everything the server and the SPA agree on: wire types, error codes, the
//! workflow state machine and the permission rules. Pure Rust, no IO except
//! the optional typed client; builds for wasm32 and native.

pub mod authz;
pub mod domain;
pub mod dossier;
pub mod dto;
pub mod error;
pub mod ids;
pub mod national;
pub mod workflow;

#[cfg(feature = "client")]
pub mod client;
