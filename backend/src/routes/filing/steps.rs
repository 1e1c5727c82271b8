use super::MAX_BULK;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::{self, dossier};
use actix_web::{post, web};
use shared::authz::{check_role, Role, Scope};
use shared::dto::application::{ApplicationStep, BulkOutcome, BulkStep, Dossier};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, UnitId};
use shared::workflow::Action;

/// The steps of filing and unit review; the later stages have endpoints of
/// their own.
const STEPS: [Action; 6] = [
    Action::CancelFiling,
    Action::Confirm,
    Action::ReopenForStudent,
    Action::MarkReviewed,
    Action::UnmarkReviewed,
    Action::SendBack,
];

/// The steps a unit admin takes on many applications at once.
const BULK_STEPS: [Action; 4] = [
    Action::MarkReviewed,
    Action::UnmarkReviewed,
    Action::ReopenForStudent,
    Action::SendBack,
];

fn unsupported_step() -> ApiError {
    ApiError::with_message(ErrorCode::InvalidTransition, "此操作不能在这里执行")
}

/// One workflow step: `confirm` (信息确认, the student), `reopen_for_student`,
/// `mark_reviewed` / `unmark_reviewed` (已审核), `send_back` (untick both),
/// `cancel_filing` (the unit admin). `confirm` with missing fields answers
/// 422 `dossier_incomplete` listing them.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id")),
    request_body = ApplicationStep,
    responses(
        (status = 200, body = Dossier),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "dossier_incomplete", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/applications/{id}/steps")]
pub async fn take_step(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<ApplicationStep>,
) -> Result<web::Json<Dossier>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let req = body.into_inner();
    let dossier = state
        .write(&user, move |conn, actor| {
            let app = workflow::find_visible(conn, actor, id)?;
            if !STEPS.contains(&req.action) {
                return Err(unsupported_step());
            }
            workflow::take_step(conn, actor, &app, req.version, req.action)?;
            dossier::saved_view(conn, actor, id)
        })
        .await?;
    Ok(web::Json(dossier))
}

/// The same step on many applications of the unit (bulk 已审核, send back…),
/// each from its current state; those it does not apply to are listed with
/// the reason. Ids of another unit refuse the whole request.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "unit id")),
    request_body = BulkStep,
    responses(
        (status = 200, body = BulkOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/applications/steps")]
pub async fn bulk_step(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<BulkStep>,
) -> Result<web::Json<BulkOutcome>, ApiError> {
    let unit = UnitId(id.into_inner());
    let req = body.into_inner();
    let (done, skipped) = state
        .write(&user, move |conn, actor| {
            check_role(actor, Role::UnitAdmin, Scope::Unit(unit))?;
            if !BULK_STEPS.contains(&req.action) {
                return Err(unsupported_step());
            }
            if req.ids.len() > MAX_BULK {
                return Err(ApiError::validation(vec![FieldError::new(
                    "ids",
                    "too_many",
                    format!("一次最多处理 {MAX_BULK} 份申请"),
                )]));
            }
            workflow::take_steps(conn, actor, unit, &req.ids, req.action)
        })
        .await?;
    Ok(web::Json(BulkOutcome { done, skipped }))
}
