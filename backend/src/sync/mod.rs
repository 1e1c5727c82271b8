//! Data sync with the four campus systems (SPEC §3): the upstream contract,
//! the HTTP connectors and the engine that writes synced fields.

pub mod connector;
pub mod contract;
pub mod engine;
pub mod roster;
pub mod run;
pub mod scheduler;
pub mod validate;
