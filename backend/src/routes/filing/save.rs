use super::MAX_BULK;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::engine;
use crate::workflow::filing::change_filing;
use actix_web::{post, web};
use shared::authz::{check_role, Role, Scope};
use shared::dto::application::{FilingChange, FilingOutcome};
use shared::error::FieldError;
use shared::ids::UnitId;

/// What is wrong with the change itself, before any rule is asked.
fn problems(change: &FilingChange) -> Vec<FieldError> {
    let mut problems = Vec::new();
    if change.open.len() + change.cancel.len() > MAX_BULK {
        problems.push(FieldError::new(
            "open",
            "too_many",
            format!("一次最多处理 {MAX_BULK} 名学生"),
        ));
    }
    if change.open.iter().any(|s| change.cancel.contains(s)) {
        problems.push(FieldError::new(
            "cancel",
            "conflict",
            "同一名学生不能同时开通和取消申请学位",
        ));
    }
    problems
}

/// “保存” on 全部学生列表: open filing (申请学位) for some students and
/// withdraw it for others, in the current batch. Opened students are synced
/// from student records at once (one: before the answer; many: in the
/// background, with the run in the answer to follow).
#[utoipa::path(
    tag = "filing",
    params(("id" = i64, Path, description = "unit id")),
    request_body = FilingChange,
    responses(
        (status = 200, body = FilingOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch, invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/filing")]
pub async fn save_filing(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<FilingChange>,
) -> Result<web::Json<FilingOutcome>, ApiError> {
    let unit = UnitId(id.into_inner());
    let change = body.into_inner();
    let (done, actor) = state
        .write(&user, move |conn, actor| {
            check_role(actor, Role::UnitAdmin, Scope::Unit(unit))?;
            let problems = problems(&change);
            if !problems.is_empty() {
                return Err(ApiError::validation(problems));
            }
            Ok((change_filing(conn, actor, unit, &change)?, actor.clone()))
        })
        .await?;
    let students: Vec<_> = done.opened.iter().map(|(s, _)| *s).collect();
    let sync_run = if students.is_empty() || state.upstream.is_none() {
        None
    } else {
        match engine::on_filing_opened(state.clone(), unit, students, Some(actor)).await {
            Ok(run) => Some(run),
            // The filing stands; the sync can be repeated by hand.
            Err(e) => {
                tracing::warn!(error = %e, "sync after opening filing failed");
                None
            }
        }
    };
    Ok(web::Json(FilingOutcome {
        opened: done.opened.len() as u32,
        cancelled: done.cancelled,
        skipped: done.skipped,
        sync_run,
    }))
}
