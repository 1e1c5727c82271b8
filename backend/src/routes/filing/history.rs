use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow;
use actix_web::{get, web};
use shared::dto::application::FieldChange;
use shared::dto::{Page, PageQuery};
use shared::ids::ApplicationId;

/// Query of the field history.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
pub struct HistoryQuery {
    /// Only this field.
    pub field: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page, 1 to 200.
    pub per_page: Option<i64>,
}

/// The field history of the application's student: every change of a
/// dossier field, newest first, with who, when, source, old and new value.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id"), HistoryQuery),
    responses((status = 200, body = Page<FieldChange>), (status = 403, body = shared::error::ApiErrorBody), (status = 404, body = shared::error::ApiErrorBody))
)]
#[get("/v1/applications/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<HistoryQuery>,
) -> Result<web::Json<Page<FieldChange>>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            let app = workflow::find_visible(conn, actor, id)?;
            let paging = PageQuery {
                page: q.page,
                per_page: q.per_page,
            };
            Ok(db::history::list(
                conn,
                app.student_id,
                q.field.as_deref(),
                paging,
            )?)
        })
        .await?;
    Ok(web::Json(page))
}
