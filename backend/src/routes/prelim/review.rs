use crate::auth::AuthUser;
use crate::committee::{self, Seat};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, put, web, HttpResponse};
use shared::dto::committee::{OpinionInput, ReviewPage, ReviewQuery};
use shared::ids::{ApplicationId, UnitId};

/// 网上学位初审: the unit's 已审核 applicants of the current batch. A member
/// sees their own opinion and whether they may still change it; the unit
/// admin and the degree office see the tally and who has not given one.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id"), ReviewQuery),
    responses(
        (status = 200, body = ReviewPage),
        (status = 403, description = "forbidden, not_committee_member", body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/prelim/applicants")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<ReviewQuery>,
) -> Result<web::Json<ReviewPage>, ApiError> {
    let seat = Seat::prelim(UnitId(id.into_inner()));
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            committee::review_page(conn, actor, seat, &q)
        })
        .await?;
    Ok(web::Json(page))
}

/// A member gives or changes their opinion (同意 / 不同意 / 弃权 and a
/// comment) until the unit records the result. Nobody else sees it.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "application id")),
    request_body = OpinionInput,
    responses(
        (status = 204, description = "recorded"),
        (status = 403, description = "forbidden, not_committee_member", body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/applications/{id}/opinion")]
pub async fn give_opinion(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<OpinionInput>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId(id.into_inner());
    let input = body.into_inner();
    state
        .write(&user, move |conn, actor| {
            committee::give_opinion(conn, actor, id, &input)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
