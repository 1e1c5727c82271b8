//! Black-box tests of the API: each test spawns the real application on a
//! fresh database and talks to it over HTTP.

mod audit;
mod auth;
mod batches;
mod browser;
mod errors;
mod filing;
mod health;
mod migrations;
mod openapi;
mod startup;
mod sync;
