use crate::auth::AuthUser;
use crate::committee::{self, Seat};
use crate::error::ApiError;
use crate::final_review;
use crate::state::AppState;
use actix_web::{get, post, put, web};
use shared::dto::application::BulkOutcome;
use shared::dto::committee::{MeetingInput, MeetingView};
use shared::dto::final_review::{
    AcceptRecommendations, FinalDecisionInput, FinalOverview, FinalPage, FinalQuery, FinalRow,
};
use shared::ids::ApplicationId;

/// 学位终审: the current batch's results counted per discipline group and
/// per unit (学位初审, 分会评审 and 终审 decisions), and the open hearings;
/// an earlier (completed) batch's with `batch_id`.
#[utoipa::path(
    tag = "final_review",
    params(shared::dto::batch::BatchSelect),
    responses(
        (status = 200, body = FinalOverview),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, description = "not_found: no such batch_id", body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/final-review")]
pub async fn overview(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<shared::dto::batch::BatchSelect>,
) -> Result<web::Json<FinalOverview>, ApiError> {
    let chosen = query.batch_id.map(shared::ids::BatchId);
    let o = state
        .read(&user, move |conn, actor| {
            final_review::overview(conn, actor, chosen)
        })
        .await?;
    Ok(web::Json(o))
}

/// Every submitted applicant of the current batch with the 学位初审 and 分会
/// decisions, the recommendation, the final decision and any hearing; the
/// decisions the office may record now. Filters and paging.
#[utoipa::path(
    tag = "final_review",
    params(FinalQuery),
    responses(
        (status = 200, body = FinalPage),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, description = "not_found: no such batch_id", body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/final-review/applicants")]
pub async fn applicants(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<FinalQuery>,
) -> Result<web::Json<FinalPage>, ApiError> {
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            final_review::list(conn, actor, &q)
        })
        .await?;
    Ok(web::Json(page))
}

/// 采纳分会建议: every applicant without a final decision (of one group or
/// unit, if given) gets the recommended one, in one transaction; a
/// recommended 不授予学位 whose hearing is not recorded is skipped, named.
#[utoipa::path(
    tag = "final_review",
    request_body = AcceptRecommendations,
    responses(
        (status = 200, body = BulkOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version, no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/final-review/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<AcceptRecommendations>,
) -> Result<web::Json<BulkOutcome>, ApiError> {
    let req = body.into_inner();
    let outcome = state
        .write(&user, move |conn, actor| {
            final_review::decisions::accept_all(conn, actor, &req)
        })
        .await?;
    Ok(web::Json(outcome))
}

/// The final decision on one applicant (授予学位 / 不授予学位 / 缓议), as of
/// the version read: accepting the recommendation, overriding it (with a
/// reason), or with the congress's `votes` checked by the rule against its
/// meeting. 不授予学位 needs the hearing recorded (`invalid_transition`).
#[utoipa::path(
    tag = "final_review",
    params(("id" = i64, Path, description = "application id")),
    request_body = FinalDecisionInput,
    responses(
        (status = 200, body = FinalRow),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version, meeting_not_recorded, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed, votes_inconsistent", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/applications/{id}/final-decision")]
pub async fn decide(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<FinalDecisionInput>,
) -> Result<web::Json<FinalRow>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let input = body.into_inner();
    let row = state
        .write(&user, move |conn, actor| {
            final_review::decisions::decide(conn, actor, id, &input)
        })
        .await?;
    Ok(web::Json(row))
}

/// The 学位评定委员会's meeting of the current batch: date, place, members
/// in all and present, minutes and the 决议编号 (JYBH of the national report).
#[utoipa::path(
    tag = "final_review",
    responses(
        (status = 200, body = MeetingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/congress/meeting")]
pub async fn meeting(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<MeetingView>, ApiError> {
    let view = state
        .read(&user, move |conn, actor| {
            committee::meeting(conn, actor, Seat::congress())
        })
        .await?;
    Ok(web::Json(view))
}

/// Record or change the congress's meeting (in 学位终审); the 决议编号 is
/// required, the attendance checked by the congress's rule.
#[utoipa::path(
    tag = "final_review",
    request_body = MeetingInput,
    responses(
        (status = 200, body = MeetingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed, votes_inconsistent", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/congress/meeting")]
pub async fn save_meeting(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<MeetingInput>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let m = body.into_inner();
    let view = state
        .write(&user, move |conn, actor| {
            committee::save_meeting(conn, actor, Seat::congress(), &m)
        })
        .await?;
    Ok(web::Json(view))
}
