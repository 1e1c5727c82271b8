//! 学位管理系统 server: JSON API under `/api`, the OpenAPI explorer at
//! `/api/docs`, and the SPA at `/`.

pub mod accounts;
pub mod auth;
pub mod benchdata;
pub mod clock;
pub mod committee;
pub mod config;
pub mod db;
pub mod demo;
pub mod edges;
pub mod error;
pub mod final_review;
pub mod national;
pub mod openapi;
pub mod password;
pub mod routes;
pub mod simulator;
pub mod spa;
pub mod startup;
pub mod state;
pub mod sync;
pub mod telemetry;
pub mod token;
pub mod verification;
pub mod voting_list;
pub mod workflow;

pub use config::Config;
pub use startup::Application;

/// mimalloc instead of glibc's allocator: the sync parses and writes many
/// small values from several threads at once, where glibc's arenas cost a
/// third of the time (see scripts/bench-sync). Declared here so the server,
/// the benchmarks and the tests all run with it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
