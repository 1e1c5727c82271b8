use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use shared::authz::{check, Permission, Scope};
use shared::dto::audit::{AuditEntry, AuditQuery};
use shared::dto::Page;

/// The audit log, newest first: who changed what, when, before and after.
#[utoipa::path(tag = "audit", params(AuditQuery), responses((status = 200, body = Page<AuditEntry>)))]
#[get("/v1/audit")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<Page<AuditEntry>>, ApiError> {
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            check(actor, Permission::ViewAudit, Scope::Global)?;
            Ok(db::audit::list(conn, &q)?)
        })
        .await?;
    Ok(web::Json(page))
}
