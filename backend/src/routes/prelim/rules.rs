use crate::auth::AuthUser;
use crate::db::{self, audit::Change};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, put, web};
use shared::authz::{check, Permission, Scope};
use shared::dto::committee::{RuleUpdate, RuleView};
use shared::error::{ErrorCode, FieldError};
use shared::workflow::committee::CommitteeKind;

/// A committee kind's decision rule: quorum, and the yes votes needed.
#[utoipa::path(
    tag = "committees",
    params(("kind" = CommitteeKind, Path, description = "prelim, subcommittee or congress")),
    responses(
        (status = 200, body = RuleView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/committee-rules/{kind}")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    kind: web::Path<CommitteeKind>,
) -> Result<web::Json<RuleView>, ApiError> {
    let kind = kind.into_inner();
    let rule = state
        .read(&user, move |conn, actor| {
            if check(actor, Permission::ViewCommittee, Scope::Shared).is_err() {
                check(actor, Permission::ManageCommitteeRules, Scope::Global)?;
            }
            Ok(db::committees::rule(conn, kind)?)
        })
        .await?;
    Ok(web::Json(rule))
}

/// Set the rule (the degree office): proper fractions with denominators up
/// to 100, a quorum above zero. Applies to results recorded afterwards.
#[utoipa::path(
    tag = "committees",
    params(("kind" = CommitteeKind, Path, description = "prelim, subcommittee or congress")),
    request_body = RuleUpdate,
    responses(
        (status = 200, body = RuleView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/committee-rules/{kind}")]
pub async fn update(
    state: web::Data<AppState>,
    user: AuthUser,
    kind: web::Path<CommitteeKind>,
    body: web::Json<RuleUpdate>,
) -> Result<web::Json<RuleView>, ApiError> {
    let kind = kind.into_inner();
    let req = body.into_inner();
    let rule = state
        .write(&user, move |conn, actor| {
            check(actor, Permission::ManageCommitteeRules, Scope::Global)?;
            if !req.rule.is_valid() {
                return Err(ApiError::validation(vec![FieldError::new(
                    "rule",
                    "invalid",
                    "比例须为分母 1 到 100 的真分数，且出席比例大于 0",
                )]));
            }
            let before = db::committees::rule(conn, kind)?;
            if !db::committees::set_rule(conn, kind, req.version, req.rule, &actor.display_name)? {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            let after = db::committees::rule(conn, kind)?;
            db::audit::record(
                conn,
                Change {
                    actor: Some(actor),
                    entity: "committee_rule",
                    entity_id: None,
                    action: "set_committee_rule",
                    before: Some(serde_json::json!(before)),
                    after: Some(serde_json::json!(after)),
                },
            )?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(rule))
}
