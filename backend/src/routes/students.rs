use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use shared::authz::{check, Permission, Scope};
use shared::dto::sync::SyncedDossier;
use shared::dto::unit::Unit;

/// The synced (read-only) part of a student's dossier, with when and from
/// which system each section was last synced.
#[utoipa::path(
    tag = "students",
    params(("id" = i64, Path, description = "student id")),
    responses((status = 200, body = SyncedDossier), (status = 404, body = shared::error::ApiErrorBody))
)]
#[get("/v1/students/{id}/synced")]
pub async fn synced(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<SyncedDossier>, ApiError> {
    let id = shared::ids::StudentId(id.into_inner());
    let dossier = state
        .read(&user, move |conn, actor| {
            let (_, scope) =
                db::students::find_with_scope(conn, id)?.ok_or_else(ApiError::not_found)?;
            check(actor, Permission::ViewDossier, scope)?;
            db::dossier::synced_dossier(conn, id)?.ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(web::Json(dossier))
}

/// The training units (培养单位), by code.
#[utoipa::path(tag = "units", responses((status = 200, body = Vec<Unit>)))]
#[get("/v1/units")]
pub async fn units(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<Unit>>, ApiError> {
    let list = state
        .read(&user, |conn, actor| {
            check(actor, Permission::ViewUnits, Scope::Shared)?;
            Ok(db::units::list(conn)?)
        })
        .await?;
    Ok(web::Json(list))
}
