//! One module per resource, one handler per endpoint:
//! parse → authorize → database → DTO.

pub mod applications;
pub mod audit;
pub mod auth;
pub mod batches;
pub mod health;
pub mod instructions;
pub mod messages;
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
        .service(students::units)
        .service(applications::roster)
        .service(applications::save_filing)
        .service(applications::list)
        .service(applications::bulk_step)
        .service(applications::mine)
        .service(applications::get)
        .service(applications::update_dossier)
        .service(applications::upload_photo)
        .service(applications::photo)
        .service(applications::take_step)
        .service(applications::history)
        .service(messages::list)
        .service(messages::mark_read)
        .service(instructions::get)
        .service(instructions::update);
}

/// A student's record and the scope it lies in, for the permission check;
/// `404` for an unknown student.
pub(crate) async fn student_scope(
    state: &crate::state::AppState,
    id: i64,
) -> Result<(crate::db::students::SyncTarget, shared::authz::Scope), crate::error::ApiError> {
    let target = state
        .db(move |conn| {
            crate::db::students::find_target(conn, id)?
                .ok_or_else(crate::error::ApiError::not_found)
        })
        .await?;
    let scope = shared::authz::Scope::Student {
        student: shared::ids::StudentId(target.id),
        unit: shared::ids::UnitId(target.unit_id),
        group: None,
    };
    Ok((target, scope))
}
