use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::verification::flags;
use actix_web::{get, post, web, HttpResponse};
use shared::dto::verification::{Flag, FlagClose, FlagInput, FlagQuery};
use shared::dto::Page;
use shared::ids::ApplicationId;

/// Raise a 核查意见 on a submitted application (the degree office, or the
/// secretariat of the student's discipline group; before 封网): a field (or
/// `general`) and a message. The unit's admins get a message.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "application id")),
    request_body = FlagInput,
    responses(
        (status = 201, body = Flag),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition (not submitted, or sealed)", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (field, message)", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/applications/{id}/flags")]
pub async fn raise(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<FlagInput>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId(id.into_inner());
    let input = body.into_inner();
    let flag = state
        .write(&user, move |conn, actor| {
            flags::raise(conn, actor, id, &input)
        })
        .await?;
    Ok(HttpResponse::Created().json(flag))
}

/// The 核查意见 of the current batch the caller sees: all (the degree
/// office), the group's (a secretariat), the unit's (its admins); newest first.
#[utoipa::path(
    tag = "verification",
    params(FlagQuery),
    responses(
        (status = 200, body = Page<Flag>),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/flags")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<FlagQuery>,
) -> Result<web::Json<Page<Flag>>, ApiError> {
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| flags::list(conn, actor, &q))
        .await?;
    Ok(web::Json(page))
}

/// The degree office closes an open 核查意见: `resolved`, or `dismissed`,
/// with a note. It stays on the record.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "flag id")),
    request_body = FlagClose,
    responses(
        (status = 200, body = Flag),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition (already closed)", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (note)", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/flags/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<FlagClose>,
) -> Result<web::Json<Flag>, ApiError> {
    let id = id.into_inner();
    let req = body.into_inner();
    let flag = state
        .write(&user, move |conn, actor| {
            flags::close(conn, actor, id, &req)
        })
        .await?;
    Ok(web::Json(flag))
}
