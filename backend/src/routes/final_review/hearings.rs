use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::final_review::hearings;
use crate::state::AppState;
use actix_web::{get, post, web};
use shared::dto::final_review::{
    HearingAnswer, HearingProposal, HearingRecordInput, HearingRow, HearingView, MyDecision,
};
use shared::ids::ApplicationId;

/// 拟不授予学位: tell the applicant in the app what is proposed, with the
/// facts and reasons, and the period (default 5 days) for a statement.
#[utoipa::path(
    tag = "final_review",
    params(("id" = i64, Path, description = "application id")),
    request_body = HearingProposal,
    responses(
        (status = 200, body = HearingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/applications/{id}/hearing")]
pub async fn propose(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<HearingProposal>,
) -> Result<web::Json<HearingView>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let p = body.into_inner();
    let h = state
        .write(&user, move |conn, actor| {
            hearings::propose(conn, actor, id, &p)
        })
        .await?;
    Ok(web::Json(h))
}

/// 陈述申辩: the current batch's hearings with their applicants and
/// statements, newest first.
#[utoipa::path(
    tag = "final_review",
    responses(
        (status = 200, body = Vec<HearingRow>),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/hearings")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<HearingRow>>, ApiError> {
    let rows = state.read(&user, hearings::list).await?;
    Ok(web::Json(rows))
}

/// The applicant's statement (陈述、申辩), or `waive`, within the period;
/// only the applicant themself.
#[utoipa::path(
    tag = "final_review",
    params(("id" = i64, Path, description = "hearing id")),
    request_body = HearingAnswer,
    responses(
        (status = 200, body = HearingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/hearings/{id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<HearingAnswer>,
) -> Result<web::Json<HearingView>, ApiError> {
    let id = id.into_inner();
    let a = body.into_inner();
    let h = state
        .write(&user, move |conn, actor| {
            hearings::answer(conn, actor, id, &a)
        })
        .await?;
    Ok(web::Json(h))
}

/// The office records the hearing (after the statement, its waiver or the
/// period's end); 不授予学位 may then be decided.
#[utoipa::path(
    tag = "final_review",
    params(("id" = i64, Path, description = "hearing id")),
    request_body = HearingRecordInput,
    responses(
        (status = 200, body = HearingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/hearings/{id}/record")]
pub async fn record(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<HearingRecordInput>,
) -> Result<web::Json<HearingView>, ApiError> {
    let id = id.into_inner();
    let r = body.into_inner();
    let h = state
        .write(&user, move |conn, actor| {
            hearings::record(conn, actor, id, &r)
        })
        .await?;
    Ok(web::Json(h))
}

/// 学位评定结果: the student's own final decision with its reasons, and any
/// hearing they may answer.
#[utoipa::path(
    tag = "final_review",
    responses(
        (status = 200, body = MyDecision),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, description = "filing_not_opened", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/me/decision")]
pub async fn mine(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<MyDecision>, ApiError> {
    let d = state.read(&user, hearings::mine).await?;
    Ok(web::Json(d))
}
