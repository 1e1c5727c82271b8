use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow;
use actix_web::{get, web};
use shared::authz::{check, Permission, Scope};
use shared::dto::application::{RosterEntry, RosterQuery};
use shared::dto::Page;
use shared::ids::UnitId;

/// 全部学生列表: every student of the unit (from student records), with
/// their application in the current batch and what the caller may do to it.
#[utoipa::path(
    tag = "filing",
    params(("id" = i64, Path, description = "unit id"), RosterQuery),
    responses((status = 200, body = Page<RosterEntry>), (status = 403, body = shared::error::ApiErrorBody))
)]
#[get("/v1/units/{id}/roster")]
pub async fn roster(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<RosterQuery>,
) -> Result<web::Json<Page<RosterEntry>>, ApiError> {
    let unit = UnitId(id.into_inner());
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            check(actor, Permission::ViewApplications, Scope::Unit(unit))?;
            let current = workflow::unit_in_batch(conn, unit)?;
            let actions = workflow::row_actions(actor, current.map(|(_, facts)| facts));
            Ok(db::application_lists::roster(
                conn,
                unit,
                current.map(|(batch, _)| batch),
                &q,
                &actions,
            )?)
        })
        .await?;
    Ok(web::Json(page))
}
