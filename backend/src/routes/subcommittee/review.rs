//! 学科群分会评审 (SPEC §2.8): the group's applicants with the members'
//! opinions and the tally, the notice to the members, the meeting record
//! and the results, by the committee machinery of `crate::committee`.

use crate::auth::AuthUser;
use crate::committee::{self, Seat};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, post, put, web};
use shared::dto::application::BulkOutcome;
use shared::dto::committee::{MeetingInput, MeetingView, ResultsRequest, ReviewPage, ReviewQuery};
use shared::dto::final_review::{Notice, NoticeInput};
use shared::ids::GroupId;

/// 学科群分会评审: the group's applicants who passed the 学位初审 (submitted),
/// with their 分会评审 result once recorded. A member sees their own opinion
/// and whether they may still change it; the secretariat and the degree
/// office see the tally and who has not given one. Opinions are given with
/// `PUT /v1/applications/{id}/opinion`.
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id"), ReviewQuery),
    responses(
        (status = 200, body = ReviewPage),
        (status = 403, description = "forbidden, not_committee_member", body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/groups/{id}/subcommittee/applicants")]
pub async fn applicants(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<ReviewQuery>,
) -> Result<web::Json<ReviewPage>, ApiError> {
    let seat = Seat::subcommittee(GroupId(id.into_inner()));
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            committee::review_page(conn, actor, seat, &q)
        })
        .await?;
    Ok(web::Json(page))
}

/// 分会评审信息: the subcommittee's meeting record of the current batch,
/// its size now, and the decision rule.
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id")),
    responses(
        (status = 200, body = MeetingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/groups/{id}/subcommittee/meeting")]
pub async fn meeting(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let seat = Seat::subcommittee(GroupId(id.into_inner()));
    let view = state
        .read(&user, move |conn, actor| {
            committee::meeting(conn, actor, seat)
        })
        .await?;
    Ok(web::Json(view))
}

/// Record or change the meeting record (`version` of the record read; none
/// for the first). A meeting without a quorum answers `votes_inconsistent`.
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id")),
    request_body = MeetingInput,
    responses(
        (status = 200, body = MeetingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed, votes_inconsistent", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/groups/{id}/subcommittee/meeting")]
pub async fn save_meeting(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<MeetingInput>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let seat = Seat::subcommittee(GroupId(id.into_inner()));
    let m = body.into_inner();
    let view = state
        .write(&user, move |conn, actor| {
            committee::save_meeting(conn, actor, seat, &m)
        })
        .await?;
    Ok(web::Json(view))
}

/// 分会评审结果: record the ballot's counts and the decision for one
/// applicant or, with the same counts, for many. Checked against the
/// meeting record and the decision rule (`votes_inconsistent` says which
/// field); all or nothing: a stale or ineligible applicant refuses the
/// request, listing each in `fields`.
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id")),
    request_body = ResultsRequest,
    responses(
        (status = 200, body = BulkOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, meeting_not_recorded, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed, votes_inconsistent", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/groups/{id}/subcommittee/results")]
pub async fn results(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<ResultsRequest>,
) -> Result<web::Json<BulkOutcome>, ApiError> {
    let seat = Seat::subcommittee(GroupId(id.into_inner()));
    let req = body.into_inner();
    let outcome = state
        .write(&user, move |conn, actor| {
            committee::record_results(conn, actor, seat, &req)
        })
        .await?;
    Ok(web::Json(outcome))
}

/// 通知委员: an in-app message with the deadline to every member with portal
/// rights (the secretariat, in 学科群分会评审).
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id")),
    request_body = NoticeInput,
    responses(
        (status = 200, body = Notice),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/groups/{id}/subcommittee/notice")]
pub async fn notify(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<NoticeInput>,
) -> Result<web::Json<Notice>, ApiError> {
    let seat = Seat::subcommittee(GroupId(id.into_inner()));
    let input = body.into_inner();
    let notice = state
        .write(&user, move |conn, actor| {
            committee::notify_members(conn, actor, seat, &input)
        })
        .await?;
    Ok(web::Json(notice))
}
