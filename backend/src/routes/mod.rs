//! One module per resource, one handler per endpoint:
//! parse → authorize → database → DTO.

pub mod audit;
pub mod auth;
pub mod batches;
pub mod health;
pub mod students;
pub mod sync;

use utoipa_actix_web::service_config::ServiceConfig;

/// Every API endpoint, registered under `/api`. The OpenAPI document is
/// collected from exactly these registrations.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(health::ready)
        .service(auth::login)
        .service(auth::current_user)
        .service(batches::list)
        .service(batches::current)
        .service(batches::get)
        .service(batches::create)
        .service(batches::advance)
        .service(audit::list)
        .service(sync::sync_student)
        .service(sync::sync_unit)
        .service(sync::sync_roster)
        .service(sync::list_runs)
        .service(sync::get_run)
        .service(students::synced)
        .service(students::units);
}
