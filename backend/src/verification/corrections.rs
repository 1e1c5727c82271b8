//! 纸质修改申请 after 封网: the unit records a request (with its scan), the
//! degree office approves or rejects it, and after the final review the
//! network center applies it (`super::applying`) — the only way a sealed
//! record changes. Each step is
//! `shared::workflow::verification::correction_step`'s.

use super::{field_value, reach_or_refuse};
use crate::db::applications::StoredApplication;
use crate::db::audit::Change;
use crate::db::verification::Reach;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use sha2::{Digest, Sha256};
use shared::authz::{check_role, Actor, Permission, Role};
use shared::dto::verification::{Correction, CorrectionDecision, CorrectionInput, CorrectionQuery};
use shared::dto::Page;
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;
use shared::workflow::verification::{
    self as rules, attachment_type, CorrectionStatus, CorrectionStep, ATTACHMENT_MAX_BYTES,
};

pub(super) fn invalid(field: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::validation(vec![FieldError::new(field, code, message)])
}

pub(super) fn audit(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    action: &str,
    after: serde_json::Value,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "correction_request",
            entity_id: Some(id),
            action,
            before: None,
            after: Some(after),
        },
    )?;
    Ok(())
}

/// The requests with whether the record still holds their "current value".
pub fn with_currency(
    conn: &mut DbConn,
    app: &StoredApplication,
    loaded: Vec<Correction>,
) -> Result<Vec<Correction>, ApiError> {
    loaded
        .into_iter()
        .map(|mut c| {
            if c.status != CorrectionStatus::Applied {
                c.still_current = field_value(conn, app, &c.field)? == c.current_value;
            }
            Ok(c)
        })
        .collect()
}

fn current(conn: &mut DbConn, c: Correction) -> Result<Correction, ApiError> {
    let app = db::applications::find(conn, c.application_id)?.ok_or_else(ApiError::not_found)?;
    Ok(with_currency(conn, &app, vec![c])?.remove(0))
}

/// The request as it stands now, as the actor reaches it.
pub(super) fn reloaded(conn: &mut DbConn, actor: &Actor, id: i64) -> Result<Correction, ApiError> {
    let reach = reach_or_refuse(actor, Permission::ViewCorrections)?;
    let c = db::corrections::find(conn, &reach, id)?.ok_or_else(ApiError::not_found)?;
    current(conn, c)
}

/// The step's role on the application's scope, its phase and the rule.
pub(super) fn step(
    conn: &mut DbConn,
    actor: &Actor,
    app: &StoredApplication,
    step: CorrectionStep,
    status: Option<CorrectionStatus>,
) -> Result<CorrectionStatus, ApiError> {
    let role = step.performer();
    check_role(actor, role, app.scope()).map_err(|_| ApiError::new(ErrorCode::Forbidden))?;
    let phase = crate::workflow::situation(conn, app)?.facts.phase;
    Ok(rules::correction_step(
        step, role, phase, app.state, status,
    )?)
}

fn optional(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The unit records a 纸质修改申请 on a sealed application.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
    input: &CorrectionInput,
) -> Result<Correction, ApiError> {
    let app = crate::workflow::find_visible(conn, actor, id)?;
    step(conn, actor, &app, CorrectionStep::Record, None)?;
    if !rules::correctable(&input.field) {
        return Err(invalid(
            "field",
            "not_correctable",
            "该字段不能通过修改申请更正（学号、培养单位、学生类别、专业代码及课程、成绩、成果）",
        ));
    }
    let explanation = input.explanation.trim();
    if explanation.is_empty() || input.explanation.chars().count() > 1000 {
        return Err(invalid(
            "explanation",
            "required",
            "请填写情况说明（最多 1000 个字）",
        ));
    }
    let current_value = optional(&input.current_value);
    let requested = optional(&input.requested_value);
    for (name, v) in [
        ("current_value", &current_value),
        ("requested_value", &requested),
    ] {
        if v.as_ref().is_some_and(|v| v.chars().count() > 200) {
            return Err(invalid(name, "too_long", "最多 200 个字"));
        }
    }
    rules::check_requested(&input.field, requested.as_deref())
        .map_err(|m| invalid("requested_value", "invalid", m))?;
    if requested == current_value {
        return Err(invalid(
            "requested_value",
            "unchanged",
            "申请修改后的值与当前值相同",
        ));
    }
    let now = field_value(conn, &app, &input.field)?;
    if now != current_value {
        return Err(invalid(
            "current_value",
            "not_current",
            format!(
                "“当前值”与系统记录不一致，系统记录为：{}",
                now.as_deref().unwrap_or("（空）")
            ),
        ));
    }
    let new_id = db::corrections::insert(
        conn,
        actor,
        &db::corrections::NewCorrection {
            application: app.id,
            batch: app.batch_id,
            unit: app.unit_id,
            field: &input.field,
            current_value: current_value.as_deref(),
            requested_value: requested.as_deref(),
            explanation,
        },
    )?;
    audit(
        conn,
        actor,
        new_id,
        CorrectionStep::Record.name(),
        serde_json::json!({ "application": app.id, "field": input.field, "current_value": current_value, "requested_value": requested }),
    )?;
    let all = Reach {
        all: true,
        ..Reach::default()
    };
    let l = db::corrections::find(conn, &all, new_id)?.ok_or_else(ApiError::not_found)?;
    current(conn, l)
}

/// The requests the actor sees: all (the office, the network center), the
/// unit's, or the group's.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    q: &CorrectionQuery,
) -> Result<Page<Correction>, ApiError> {
    let reach = reach_or_refuse(actor, Permission::ViewCorrections)?;
    let page = db::corrections::list(conn, &reach, q)?;
    let items = page
        .items
        .into_iter()
        .map(|l| current(conn, l))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// One request the actor reaches, and its application.
pub(super) fn find(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
) -> Result<(Correction, StoredApplication), ApiError> {
    let reach = reach_or_refuse(actor, Permission::ViewCorrections)?;
    let c = db::corrections::find(conn, &reach, id)?.ok_or_else(ApiError::not_found)?;
    let app = db::applications::find(conn, c.application_id)?.ok_or_else(ApiError::not_found)?;
    Ok((c, app))
}

/// Attach (or replace) the scan of a pending request: a PDF or a JPEG,
/// recognised by its first bytes, at most [`ATTACHMENT_MAX_BYTES`].
pub fn attach(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    version: i32,
    data: &[u8],
) -> Result<Correction, ApiError> {
    let (c, app) = find(conn, actor, id)?;
    step(conn, actor, &app, CorrectionStep::Record, Some(c.status))?;
    if data.len() > ATTACHMENT_MAX_BYTES {
        return Err(ApiError::new(ErrorCode::PayloadTooLarge));
    }
    let Some(content_type) = attachment_type(data) else {
        return Err(invalid(
            "attachment",
            "not_pdf_or_jpeg",
            "附件须为 PDF 或 JPEG 格式的扫描件",
        ));
    };
    if c.version != version || !db::corrections::touch(conn, id, version)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let sha = format!("{:x}", Sha256::digest(data));
    db::corrections::put_attachment(conn, id, content_type, data, &sha)?;
    audit(
        conn,
        actor,
        id,
        "attach_correction_scan",
        serde_json::json!({ "content_type": content_type, "bytes": data.len(), "sha256": sha }),
    )?;
    reloaded(conn, actor, id)
}

/// The scan's type and bytes, for those who see the request.
pub fn attachment(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
) -> Result<(String, Vec<u8>), ApiError> {
    find(conn, actor, id)?;
    db::corrections::attachment(conn, id)?.ok_or_else(ApiError::not_found)
}

/// The degree office approves or rejects a pending request (a note is
/// required to reject); the unit's admins get a message.
pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    req: &CorrectionDecision,
) -> Result<Correction, ApiError> {
    let (c, app) = find(conn, actor, id)?;
    let which = if req.approve {
        CorrectionStep::Approve
    } else {
        CorrectionStep::Reject
    };
    let to = step(conn, actor, &app, which, Some(c.status))?;
    let note = req.note.trim();
    if req.note.chars().count() > 500 || (!req.approve && note.is_empty()) {
        return Err(invalid(
            "note",
            "required",
            "不批准时请填写说明（最多 500 个字）",
        ));
    }
    if c.version != req.version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let note = Some(note).filter(|n| !n.is_empty());
    if !db::corrections::set_status(
        conn,
        id,
        req.version,
        (c.status, to),
        &actor.display_name,
        note,
    )? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let admins = db::users::holding_unit_role(conn, Role::UnitAdmin, app.unit_id)?;
    db::messages::to_users(
        conn,
        &admins,
        &format!(
            "国科大学位办{}了 {}（{}）“{}”的纸质修改申请 #{}{}",
            if req.approve { "批准" } else { "未批准" },
            c.name,
            c.student_no,
            c.field_label,
            id,
            note.map(|n| format!("：{n}")).unwrap_or_default()
        ),
    )?;
    audit(
        conn,
        actor,
        id,
        which.name(),
        serde_json::json!({ "status": to, "note": note }),
    )?;
    reloaded(conn, actor, id)
}
