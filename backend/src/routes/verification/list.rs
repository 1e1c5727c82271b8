use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::verification;
use actix_web::{get, web};
use shared::dto::verification::{ReviewRecord, VerificationPage, VerificationQuery};
use shared::ids::ApplicationId;

/// 学位信息核查: the submitted applications of the current batch — every
/// one for the degree office, those of its discipline group for a
/// secretariat — with filters, paging and the counts of the filtered list.
#[utoipa::path(
    tag = "verification",
    params(VerificationQuery),
    responses(
        (status = 200, body = VerificationPage),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/verification/applications")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<VerificationQuery>,
) -> Result<web::Json<VerificationPage>, ApiError> {
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            verification::list(conn, actor, &q)
        })
        .await?;
    Ok(web::Json(page))
}

/// What a reviewer reads beside a dossier: its 学位初审 record, its 核查意见
/// (for the office, the group's secretariat and the unit) and its 纸质修改申请
/// (for everyone who reviews it), and what the caller may add now.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "application id")),
    responses(
        (status = 200, body = ReviewRecord),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/applications/{id}/review-record")]
pub async fn review_record(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<ReviewRecord>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let r = state
        .read(&user, move |conn, actor| {
            verification::review_record(conn, actor, id)
        })
        .await?;
    Ok(web::Json(r))
}
