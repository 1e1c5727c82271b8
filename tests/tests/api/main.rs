//! Black-box tests of the API: each test spawns the real application on a
//! fresh database and talks to it over HTTP.

mod accounts;
mod audit;
mod auth;
mod batches;
mod browser;
mod concurrency;
mod degree_data;
mod errors;
mod filing;
mod final_review;
mod health;
mod matrix;
mod migrations;
mod openapi;
mod prelim;
mod scope;
mod startup;
mod sync;
mod verification;
