use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::submission;
use actix_web::{get, web, HttpResponse};
use shared::dto::committee::VotingList;
use shared::ids::UnitId;

#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct XlsxFile(pub Vec<u8>);

/// 表决授予学位名单 for the printable page, once every applicant has a
/// result (`results_incomplete` lists those without).
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id")),
    responses(
        (status = 200, body = VotingList),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "results_incomplete, meeting_not_recorded, no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/prelim/voting-list")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<VotingList>, ApiError> {
    let unit = UnitId(id.into_inner());
    let list = state
        .read(&user, move |conn, actor| {
            submission::voting_list(conn, actor, unit)
        })
        .await?;
    Ok(web::Json(list))
}

/// The same as an `.xlsx` workbook (A4 landscape, with the lines for the
/// chair's signature and the stamp).
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = XlsxFile),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "results_incomplete, meeting_not_recorded, no_active_batch", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/prelim/voting-list.xlsx")]
pub async fn xlsx(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let unit = UnitId(id.into_inner());
    let (list, code) = state
        .read(&user, move |conn, actor| {
            let list = submission::voting_list(conn, actor, unit)?;
            let code = crate::db::units::code_of(conn, unit)?.unwrap_or_default();
            Ok((list, code))
        })
        .await?;
    let bytes = web::block(move || crate::voting_list::xlsx(&list)).await??;
    let name = format!("voting-list-{code}.xlsx");
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("cache-control", "private, no-store"))
        .body(bytes))
}
