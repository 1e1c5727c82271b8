//! 核查意见: raised by the office or a group's secretariat on a submitted
//! application, seen by the unit, closed by the unit's resubmission with the
//! field changed or by the office.

use super::{active_batch, field_value, label_of, reach_or_refuse};
use crate::db::audit::Change;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::authz::{check, Actor, Permission, Scope};
use shared::dto::verification::{Flag, FlagClose, FlagInput, FlagOutcome, FlagQuery};
use shared::dto::Page;
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::workflow::verification::{self as rules, FlagStatus, GENERAL_FIELD};

fn audit(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i64,
    action: &str,
    after: serde_json::Value,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor,
            entity: "verification_flag",
            entity_id: Some(id),
            action,
            before: None,
            after: Some(after),
        },
    )?;
    Ok(())
}

fn text_between(
    field: &str,
    value: &str,
    min: usize,
    max: usize,
    what: &str,
) -> Result<String, ApiError> {
    let v = value.trim();
    let n = v.chars().count();
    if n < min || value.chars().count() > max {
        return Err(ApiError::validation(vec![FieldError::new(
            field,
            if n < min { "required" } else { "too_long" },
            format!("请填写{what}（最多 {max} 个字）"),
        )]));
    }
    Ok(v.to_owned())
}

/// Raise a 核查意见 on an application; the unit's admins get a message.
pub fn raise(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
    input: &FlagInput,
) -> Result<Flag, ApiError> {
    let app = crate::workflow::find_visible(conn, actor, id)?;
    check(actor, Permission::VerifySubmissions, app.scope())?;
    if !rules::flaggable(&input.field) {
        return Err(ApiError::validation(vec![FieldError::new(
            "field",
            "unknown_field",
            "请选择有问题的字段，或选择“综合意见”",
        )]));
    }
    let message = text_between("message", &input.message, 1, 500, "核查意见")?;
    let phase = crate::workflow::situation(conn, &app)?.facts.phase;
    rules::check_flag(phase, app.state)?;
    let value_then = field_value(conn, &app, &input.field)?;
    let flag_id = db::flags::insert(
        conn,
        actor,
        &db::flags::NewFlag {
            application: app.id,
            batch: app.batch_id,
            unit: app.unit_id,
            field: &input.field,
            message: &message,
            value_then: value_then.clone(),
        },
    )?;
    let flag = db::flags::find(
        conn,
        &db::verification::Reach {
            all: true,
            ..Default::default()
        },
        flag_id,
    )?
    .ok_or_else(ApiError::not_found)?;
    let admins = db::users::holding_unit_role(conn, shared::authz::Role::UnitAdmin, app.unit_id)?;
    db::messages::to_users(
        conn,
        &admins,
        &format!(
            "{}对 {}（{}）的“{}”提出核查意见：{}。请在“核查意见”中查看。",
            actor.display_name, flag.name, flag.student_no, flag.field_label, message
        ),
    )?;
    audit(
        conn,
        Some(actor),
        flag_id,
        "raise_flag",
        serde_json::json!({ "application": app.id, "field": input.field, "message": message, "value_then": value_then }),
    )?;
    Ok(flag)
}

/// The 核查意见 of the current batch the actor sees: all (the office), the
/// group's (a secretariat), the unit's (its admins).
pub fn list(conn: &mut DbConn, actor: &Actor, q: &FlagQuery) -> Result<Page<Flag>, ApiError> {
    let reach = reach_or_refuse(actor, Permission::ViewFlags)?;
    let batch = active_batch(conn)?;
    Ok(db::flags::list(conn, &reach, batch.id, q)?)
}

/// The office closes an open 核查意见: resolved, or dismissed with a note.
pub fn close(conn: &mut DbConn, actor: &Actor, id: i64, req: &FlagClose) -> Result<Flag, ApiError> {
    check(actor, Permission::ManageFlags, Scope::Global)?;
    let reach = db::verification::Reach {
        all: true,
        ..Default::default()
    };
    let flag = db::flags::find(conn, &reach, id)?.ok_or_else(ApiError::not_found)?;
    let note = text_between("note", &req.note, 1, 500, "处理说明")?;
    if flag.version != req.version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    if flag.status != FlagStatus::Open {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "该核查意见已处理",
        ));
    }
    let status = match req.outcome {
        FlagOutcome::Resolved => FlagStatus::Resolved,
        FlagOutcome::Dismissed => FlagStatus::Dismissed,
    };
    if !db::flags::close(conn, id, req.version, status, &note, &actor.display_name)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    audit(
        conn,
        Some(actor),
        id,
        match status {
            FlagStatus::Dismissed => "dismiss_flag",
            _ => "resolve_flag",
        },
        serde_json::json!({ "status": status, "note": note }),
    )?;
    db::flags::find(conn, &reach, id)?.ok_or_else(ApiError::not_found)
}

/// At the unit's resubmission: every open flag on a field whose value has
/// changed since it was raised is resolved. General remarks, and fields that
/// are not single values, stay for the office.
pub fn resolve_changed(
    conn: &mut DbConn,
    actor: &Actor,
    batch: BatchId,
    unit: UnitId,
) -> Result<u32, ApiError> {
    let open = db::flags::open_of_unit(conn, batch, unit)?;
    let mut resolved = 0;
    for flag in open {
        if flag.field == GENERAL_FIELD || flag.field == shared::dossier::PHOTO_FIELD {
            continue;
        }
        let app =
            db::applications::find(conn, flag.application_id)?.ok_or_else(ApiError::not_found)?;
        let now = field_value(conn, &app, &flag.field)?;
        if now == flag.value_then {
            continue;
        }
        let note = format!(
            "培养单位已修改“{}”并重新上报（{} → {}）",
            label_of(&flag.field),
            flag.value_then.as_deref().unwrap_or("空"),
            now.as_deref().unwrap_or("空")
        );
        if db::flags::close(
            conn,
            flag.id,
            flag.version,
            FlagStatus::Resolved,
            &note,
            &actor.display_name,
        )? {
            resolved += 1;
            audit(
                conn,
                Some(actor),
                flag.id,
                "resolve_flag",
                serde_json::json!({ "status": FlagStatus::Resolved, "note": note, "by": "resubmission" }),
            )?;
        }
    }
    Ok(resolved)
}

/// The open flags of a unit as the feedback of a reopening: one line each.
pub fn feedback(conn: &mut DbConn, batch: BatchId, unit: UnitId) -> Result<String, ApiError> {
    let open = db::flags::open_of_unit(conn, batch, unit)?;
    Ok(open
        .iter()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "{}. {} {}「{}」：{}",
                i + 1,
                f.student_no,
                f.name,
                f.field_label,
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}
