use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::submission;
use actix_web::{get, post, web};
use shared::dto::committee::{SubmissionChange, SubmissionOverview, SubmissionStatus};
use shared::ids::UnitId;

/// 数据上报 / 终审审核: the unit's submission in the current batch, its
/// counts, what stops it, and every submission and reopening.
#[utoipa::path(
    tag = "submissions",
    params(("id" = i64, Path, description = "unit id")),
    responses(
        (status = 200, body = SubmissionStatus),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/submission")]
pub async fn status(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<SubmissionStatus>, ApiError> {
    let unit = UnitId(id.into_inner());
    let s = state
        .read(&user, move |conn, actor| {
            submission::status(conn, actor, unit)
        })
        .await?;
    Ok(web::Json(s))
}

/// 数据上报: submit every application of the unit's 申请学位学生 (passed,
/// failed and deferred alike). Refused with `submission_blocked` listing
/// each applicant not yet 已审核 or without a 学位初审 result. Afterwards the
/// unit reads but changes nothing.
#[utoipa::path(
    tag = "submissions",
    params(("id" = i64, Path, description = "unit id")),
    request_body = SubmissionChange,
    responses(
        (status = 200, body = SubmissionStatus),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "submission_blocked, stale_version, invalid_transition, no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/submission")]
pub async fn submit(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<SubmissionChange>,
) -> Result<web::Json<SubmissionStatus>, ApiError> {
    let unit = UnitId(id.into_inner());
    let version = body.version;
    let s = state
        .write(&user, move |conn, actor| {
            submission::submit(conn, actor, unit, version)
        })
        .await?;
    Ok(web::Json(s))
}

/// 退回培养单位修改 (the degree office, while the batch is open): reopen the
/// unit's submission with a reason, which the unit sees on its pages and in
/// a message; the unit must submit again.
#[utoipa::path(
    tag = "submissions",
    params(("id" = i64, Path, description = "unit id")),
    request_body = SubmissionChange,
    responses(
        (status = 200, body = SubmissionStatus),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (reason)", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/submission/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<SubmissionChange>,
) -> Result<web::Json<SubmissionStatus>, ApiError> {
    let unit = UnitId(id.into_inner());
    let req = body.into_inner();
    let s = state
        .write(&user, move |conn, actor| {
            submission::reopen(
                conn,
                actor,
                unit,
                req.version,
                req.reason.as_deref().unwrap_or(""),
            )
        })
        .await?;
    Ok(web::Json(s))
}

/// The degree office's overview of the current batch: per unit whether it
/// has submitted, when, and its 通过 / 未通过 / 缓议 counts.
#[utoipa::path(
    tag = "submissions",
    responses(
        (status = 200, body = SubmissionOverview),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/submissions")]
pub async fn overview(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<SubmissionOverview>, ApiError> {
    let o = state.read(&user, submission::overview).await?;
    Ok(web::Json(o))
}
