use crate::auth::AuthUser;
use crate::committee::{self, Seat};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{post, web};
use shared::dto::application::BulkOutcome;
use shared::dto::committee::ResultsRequest;
use shared::ids::UnitId;

/// 学位初审结果: record the ballot's counts and the decision for one
/// applicant or, with the same counts, for many. Checked against the
/// meeting record and the decision rule (`votes_inconsistent` says which
/// field); all or nothing: a stale or ineligible applicant refuses the
/// request, listing each in `fields`.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id")),
    request_body = ResultsRequest,
    responses(
        (status = 200, body = BulkOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, meeting_not_recorded, no_active_batch", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed, votes_inconsistent", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/prelim/results")]
pub async fn record(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<ResultsRequest>,
) -> Result<web::Json<BulkOutcome>, ApiError> {
    let seat = Seat::prelim(UnitId(id.into_inner()));
    let req = body.into_inner();
    let outcome = state
        .write(&user, move |conn, actor| {
            committee::record_results(conn, actor, seat, &req)
        })
        .await?;
    Ok(web::Json(outcome))
}
