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
/// With `batch_id`, an earlier (completed) batch's, to browse it.
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
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            check(actor, Permission::ViewApplications, Scope::Unit(unit))?;
            let current = workflow::unit_in_batch(conn, unit)?;
            let chosen = match (current, q.batch_id) {
                (Some(c), Some(b)) if b != c.0 .0 => {
                    workflow::chosen_batch_facts(conn, Some(shared::ids::BatchId(b)))?
                }
                (None, Some(b)) => {
                    workflow::chosen_batch_facts(conn, Some(shared::ids::BatchId(b)))?
                }
                (current, _) => current,
            };
            let Some((batch, facts)) = chosen else {
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
            let actions = workflow::row_actions(actor, Some(facts));
            Ok(db::application_lists::list(
                conn, unit, batch, &q, &actions,
            )?)
        })
        .await?;
    Ok(web::Json(page))
}
