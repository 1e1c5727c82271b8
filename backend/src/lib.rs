//! 学位管理系统 server: JSON API under `/api`, the OpenAPI explorer at
//! `/api/docs`, and the SPA at `/`.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod openapi;
pub mod routes;
pub mod simulator;
pub mod startup;
pub mod state;
pub mod sync;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
