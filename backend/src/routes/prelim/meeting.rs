use crate::auth::AuthUser;
use crate::committee::{self, Seat};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, put, web};
use shared::dto::committee::{MeetingInput, MeetingView};
use shared::ids::UnitId;

/// 学位初审信息: the meeting record of the current batch, the committee's
/// size now, and the decision rule.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id")),
    responses(
        (status = 200, body = MeetingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/prelim/meeting")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let seat = Seat::prelim(UnitId(id.into_inner()));
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
    tag = "committees",
    params(("id" = i64, Path, description = "unit id")),
    request_body = MeetingInput,
    responses(
        (status = 200, body = MeetingView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed, votes_inconsistent", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/units/{id}/prelim/meeting")]
pub async fn save(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<MeetingInput>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let seat = Seat::prelim(UnitId(id.into_inner()));
    let m = body.into_inner();
    let view = state
        .write(&user, move |conn, actor| {
            committee::save_meeting(conn, actor, seat, &m)
        })
        .await?;
    Ok(web::Json(view))
}
