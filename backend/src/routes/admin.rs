//! Administration (the system administrator): training units, discipline
//! groups, and the settings with the sync schedule (read only).

use crate::accounts::admin;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpResponse};
use shared::dto::account::{GroupDetail, GroupInput, SystemSettings, UnitDetail, UnitInput};
use shared::ids::{GroupId, UnitId};

/// Every training unit with its head (单位负责人).
#[utoipa::path(
    tag = "admin",
    responses((status = 200, body = Vec<UnitDetail>), (status = 403, body = shared::error::ApiErrorBody))
)]
#[get("/v1/admin/units")]
pub async fn units(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<UnitDetail>>, ApiError> {
    Ok(web::Json(state.read(&user, admin::units).await?))
}

/// Add a training unit; its code is unique.
#[utoipa::path(
    tag = "admin",
    request_body = UnitInput,
    responses(
        (status = 201, body = UnitDetail),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "conflict: the code is taken", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/admin/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<UnitInput>,
) -> Result<HttpResponse, ApiError> {
    let u = body.into_inner();
    let saved = state
        .write(&user, move |conn, actor| {
            admin::save_unit(conn, actor, None, &u)
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Change a training unit's code, name or head (a unit is never deleted).
#[utoipa::path(
    tag = "admin",
    params(("id" = i64, Path, description = "unit id")),
    request_body = UnitInput,
    responses(
        (status = 200, body = UnitDetail),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "conflict: the code is taken; stale_version: changed meanwhile", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (the version is required)", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/admin/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<UnitInput>,
) -> Result<web::Json<UnitDetail>, ApiError> {
    let id = UnitId(id.into_inner());
    let u = body.into_inner();
    let saved = state
        .write(&user, move |conn, actor| {
            admin::save_unit(conn, actor, Some(id), &u)
        })
        .await?;
    Ok(web::Json(saved))
}

/// Every discipline group.
#[utoipa::path(
    tag = "admin",
    responses((status = 200, body = Vec<GroupDetail>), (status = 403, body = shared::error::ApiErrorBody))
)]
#[get("/v1/admin/groups")]
pub async fn groups(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<GroupDetail>>, ApiError> {
    Ok(web::Json(state.read(&user, admin::groups).await?))
}

/// Add a discipline group (its majors are put into it in 学科群管理).
#[utoipa::path(
    tag = "admin",
    request_body = GroupInput,
    responses(
        (status = 201, body = GroupDetail),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "conflict: the code is taken", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/admin/groups")]
pub async fn create_group(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<GroupInput>,
) -> Result<HttpResponse, ApiError> {
    let g = body.into_inner();
    let saved = state
        .write(&user, move |conn, actor| {
            admin::save_group(conn, actor, None, &g)
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Change a discipline group's code or name (a group is never deleted).
#[utoipa::path(
    tag = "admin",
    params(("id" = i64, Path, description = "group id")),
    request_body = GroupInput,
    responses(
        (status = 200, body = GroupDetail),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "conflict: the code is taken; stale_version: changed meanwhile", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (the version is required)", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/admin/groups/{id}")]
pub async fn update_group(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<GroupInput>,
) -> Result<web::Json<GroupDetail>, ApiError> {
    let id = GroupId(id.into_inner());
    let g = body.into_inner();
    let saved = state
        .write(&user, move |conn, actor| {
            admin::save_group(conn, actor, Some(id), &g)
        })
        .await?;
    Ok(web::Json(saved))
}

/// 系统设置 (read only): the campus systems' and the portal's addresses,
/// the sync schedule with its last and next runs, the sign-in limits.
#[utoipa::path(
    tag = "admin",
    responses((status = 200, body = SystemSettings), (status = 403, body = shared::error::ApiErrorBody))
)]
#[get("/v1/admin/settings")]
pub async fn settings(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<SystemSettings>, ApiError> {
    let config = state.config.clone();
    let s = state
        .read(&user, move |conn, actor| {
            admin::settings(conn, actor, &config)
        })
        .await?;
    Ok(web::Json(s))
}
