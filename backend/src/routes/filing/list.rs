use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow;
use actix_web::{get, web};
use shared::authz::{check, Permission, Scope};
use shared::dto::application::{ApplicationQuery, ApplicationRow};
use shared::dto::{Page, PageQuery};
use shared::ids::UnitId;

/// 申请学位学生: the unit's applications in the current batch, with 已确认,
/// 已审核 and what the caller may do to each. Empty when no batch is open.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "unit id"), ApplicationQuery),
    responses((status = 200, body = Page<ApplicationRow>), (status = 403, body = shared::error::ApiErrorBody))
)]
#[get("/v1/units/{id}/applications")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<ApplicationQuery>,
) -> Result<web::Json<Page<ApplicationRow>>, ApiError> {
    let unit = UnitId(id.into_inner());
    check(&user.0, Permission::ViewApplications, Scope::Unit(unit))?;
    let q = query.into_inner();
    let page = state
        .db(move |conn| {
            db::units::unit_name(conn, unit)?.ok_or_else(ApiError::not_found)?;
            let Some(batch) = db::batches::active(conn)? else {
                let (page, per_page) = PageQuery {
                    page: q.page,
                    per_page: q.per_page,
                }
                .resolved();
                return Ok(Page {
                    items: Vec::new(),
                    total: 0,
                    page,
                    per_page,
                });
            };
            let facts = workflow::list_facts(conn, batch.id, batch.phase, unit)?;
            let actions = workflow::row_actions(&user.0, Some(facts));
            Ok(db::application_lists::list(
                conn, unit, batch.id, &q, &actions,
            )?)
        })
        .await?;
    Ok(web::Json(page))
}
